using Doomsday.Core.Doctor;
using Doomsday.Core.Doctor.Checks;
using static Doomsday.Core.Tests.Doctor.Checks.ClusterTestData;

namespace Doomsday.Core.Tests.Doctor.Checks;

public sealed class SystemWorkloadCheckTests
{
    [Fact]
    public void Run_CoreDnsNoneAvailable_Critical()
    {
        var snapshot = Snapshot() with { SystemDeployments = [Deployment("coredns", 2, 0, Labels("k8s-app", "kube-dns"))] };
        var f = Assert.Single(ClusterTestData.Run(new SystemWorkloadCheck(), Inputs(snapshot)).Findings);
        Assert.Equal((FindingIds.WorkloadUnavailable, FindingSeverity.Critical, "prod Deployment kube-system/coredns"), (f.Id, f.Severity, f.Subject));
        Assert.Contains("0 of 2 replicas", f.Summary, StringComparison.Ordinal);
        Assert.Contains(f.Runbook.Steps, s => s.Command == "kubectl --context prod -n kube-system get pods -o wide -l k8s-app=kube-dns");
    }

    [Fact]
    public void Run_CalicoDaemonSetPartlyAvailable_Warning()
    {
        var snapshot = Snapshot() with { SystemDaemonSets = [DaemonSet("calico-node", 3, 2, Labels("k8s-app", "calico-node"))] };
        var f = Assert.Single(ClusterTestData.Run(new SystemWorkloadCheck(), Inputs(snapshot)).Findings);
        Assert.Equal((FindingSeverity.Warning, "prod DaemonSet kube-system/calico-node"), (f.Severity, f.Subject));
        Assert.Contains(f.Evidence, e => e.Label == "nodes it should run on" && e.Value == "3");
    }

    [Fact]
    public void Run_FullyAvailableOrScaledToZero_NoFinding()
    {
        var snapshot = Snapshot() with
        {
            SystemDeployments = [Deployment("coredns", 2, 2), Deployment("parked", 0, 0)],
            SystemDaemonSets = [DaemonSet("kube-proxy", 3, 3)],
        };
        Assert.Empty(ClusterTestData.Run(new SystemWorkloadCheck(), Inputs(snapshot)).Findings);
    }
}
