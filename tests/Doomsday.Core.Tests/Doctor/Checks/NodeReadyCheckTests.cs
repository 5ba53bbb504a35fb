using Doomsday.Core.Doctor;
using Doomsday.Core.Doctor.Checks;
using static Doomsday.Core.Tests.Doctor.Checks.ClusterTestData;

namespace Doomsday.Core.Tests.Doctor.Checks;

public sealed class NodeReadyCheckTests
{
    [Fact]
    public void Run_WorkerNotReady_WarningWithReason()
    {
        var node = Node("worker-2", "False", reason: "KubeletNotReady", message: "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady");
        var f = Assert.Single(ClusterTestData.Run(new NodeReadyCheck(), Inputs(Snapshot() with { Nodes = [Node("worker-1", "True"), node] })).Findings);
        Assert.Equal((FindingIds.NodeNotReady, FindingSeverity.Warning, "prod Node worker-2"), (f.Id, f.Severity, f.Subject));
        Assert.Contains(f.Evidence, e => e.Label == "since" && e.Value == "2026-03-01T10:00:00Z");
        Assert.Contains(f.Evidence, e => e.Label == "reason" && e.Value == "KubeletNotReady");
        Assert.Contains("NetworkPluginNotReady", f.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ControlPlaneUnknown_Critical()
    {
        var f = Assert.Single(ClusterTestData.Run(new NodeReadyCheck(), Inputs(Snapshot() with { Nodes = [Node("cp-1", "Unknown", controlPlane: true, reason: "NodeStatusUnknown")] })).Findings);
        Assert.Equal(FindingSeverity.Critical, f.Severity);
        Assert.Contains(f.Runbook.Steps, s => s.Command?.Contains("kubelet-client-current.pem") == true);
    }

    [Fact]
    public void Run_AllReady_NoFinding() =>
        Assert.Empty(ClusterTestData.Run(new NodeReadyCheck(), Inputs(Snapshot() with { Nodes = [Node("cp-1", "True", true), Node("w-1", "True")] })).Findings);
}
