using Doomsday.Core.Reporting;
using Doomsday.Core.Tests.Support;

namespace Doomsday.Core.Tests.Reporting;

public class MetricNamesTests
{
    private static List<string> Constants(Type type) => type.GetFields()
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .Order(StringComparer.Ordinal)
        .ToList();

    [Fact]
    public void All_EveryMetricConstant_IsListedAndDocumentedInMetricsMd()
    {
        var doc = DocsFolder.Doc("metrics.md");

        Assert.Equal(Constants(typeof(MetricNames)), MetricNames.All.Order(StringComparer.Ordinal));
        var missing = MetricNames.All.Where(name => !doc.Contains($"`{name}`")).ToList();
        Assert.True(missing.Count == 0, "not in docs/metrics.md: " + string.Join(", ", missing));
    }

    [Fact]
    public void LabelsAll_EveryLabelConstant_IsListedAndDocumentedInMetricsMd()
    {
        var doc = DocsFolder.Doc("metrics.md");

        Assert.Equal(Constants(typeof(MetricNames.Labels)), MetricNames.Labels.All.Order(StringComparer.Ordinal));
        var missing = MetricNames.Labels.All.Where(name => !doc.Contains($"`{name}`")).ToList();
        Assert.True(missing.Count == 0, "not in docs/metrics.md: " + string.Join(", ", missing));
    }

    [Fact]
    public void All_Names_AreValidPrometheusNames()
    {
        Assert.All(MetricNames.All, n => Assert.Matches("^[a-zA-Z_:][a-zA-Z0-9_:]*$", n));
        Assert.All(MetricNames.Labels.All, n => Assert.Matches("^[a-zA-Z_][a-zA-Z0-9_]*$", n));
        Assert.All(MetricNames.Labels.All, n => Assert.False(n.StartsWith("__"), n + " is reserved"));
    }
}
