using System.Text;
using Doomsday.Core.Reporting;

namespace Doomsday.Core.Tests.Reporting;

public sealed class PrometheusEscapingTests
{
    [Fact]
    public void AppendLabelValue_EscapesAndKeepsTheTextUtf8()
    {
        // A file name byte that is not UTF-8 (kept as a lone surrogate) becomes U+FFFD; a real pair stays.
        var value = new StringBuilder().AppendLabelValue("a\\b\"c\nd caf\uDCE9 🔐").ToString();

        Assert.Equal("a\\\\b\\\"c\\nd caf\uFFFD 🔐", value);
        Assert.True(System.Text.Unicode.Utf8.IsValid(Encoding.UTF8.GetBytes(value)));
    }
}
