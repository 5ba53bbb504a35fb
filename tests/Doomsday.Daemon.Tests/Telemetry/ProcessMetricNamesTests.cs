using Doomsday.Daemon.Telemetry;

namespace Doomsday.Daemon.Tests.Telemetry;

public sealed class ProcessMetricNamesTests
{
    [Fact]
    public void All_EveryName_DocumentedInMetricsMd()
    {
        var doc = DocsFolder.Doc("metrics.md");
        Assert.All(ProcessMetricNames.All, name => Assert.Contains($"`{name}`", doc));
    }
}
