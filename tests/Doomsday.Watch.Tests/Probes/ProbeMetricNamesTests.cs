using Doomsday.Watch.Probes;

namespace Doomsday.Watch.Tests.Probes;

public sealed class ProbeMetricNamesTests
{
    [Fact]
    public void All_EveryNameAndLabel_Documented()
    {
        var doc = DocsFolder.Doc("metrics.md");
        var missing = ProbeMetricNames.All.Concat(ProbeMetricNames.Labels.All).Where(n => !doc.Contains($"`{n}`")).ToList();
        Assert.True(missing.Count == 0, "not in docs/metrics.md: " + string.Join(", ", missing));
    }
}
