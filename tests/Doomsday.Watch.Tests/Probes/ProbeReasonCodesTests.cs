using System.Reflection;
using Doomsday.Watch.Probes;

namespace Doomsday.Watch.Tests.Probes;

public sealed class ProbeReasonCodesTests
{
    [Fact]
    public void All_EveryConstant_ListedAndDocumented()
    {
        var constants = typeof(ProbeReasonCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetValue(null)!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(constants, ProbeReasonCodes.All.Order(StringComparer.Ordinal));
        var doc = DocsFolder.Doc("reason-codes.md");
        var probes = doc[doc.IndexOf("## Probes", StringComparison.Ordinal)..];
        var missing = ProbeReasonCodes.All.Where(code => !probes.Contains($"| `{code}` |")).ToList();
        Assert.True(missing.Count == 0, "not in the Probes section of docs/reason-codes.md: " + string.Join(", ", missing));
    }
}
