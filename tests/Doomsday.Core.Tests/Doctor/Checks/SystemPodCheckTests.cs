using Doomsday.Core.Doctor;
using Doomsday.Core.Doctor.Checks;
using k8s.Models;
using static Doomsday.Core.Tests.Doctor.Checks.ClusterTestData;

namespace Doomsday.Core.Tests.Doctor.Checks;

public sealed class SystemPodCheckTests
{
    private static DoctorReport RunWith(params V1Pod[] pods) =>
        ClusterTestData.Run(new SystemPodCheck(), Inputs(Snapshot() with { SystemPods = pods }));

    [Fact]
    public void Run_CoreDnsCrashLoopBackOff_Critical()
    {
        var f = Assert.Single(RunWith(Pod("coredns-5d78c9869d-k2x7q", Labels("k8s-app", "kube-dns"), containers: CrashLooping("coredns", 17, "Error", 1))).Findings);
        Assert.Equal((FindingIds.PodUnhealthy, FindingSeverity.Critical), (f.Id, f.Severity));
        Assert.Equal("prod Pod kube-system/coredns-5d78c9869d-k2x7q", f.Subject);
        Assert.Contains("coredns CrashLoopBackOff", f.Summary, StringComparison.Ordinal);
        Assert.Contains(f.Evidence, e => e.Label == "role" && e.Value.StartsWith("cluster DNS", StringComparison.Ordinal));
        var container = Assert.Single(f.Evidence, e => e.Label == "container coredns");
        Assert.Contains("restarts 17", container.Value, StringComparison.Ordinal);
        Assert.Contains("last termination Error (exit 1)", container.Value, StringComparison.Ordinal);
        Assert.Contains(f.Runbook.Steps, s => s.Command == "kubectl --context prod -n kube-system logs coredns-5d78c9869d-k2x7q --all-containers --previous --tail=50");
    }

    [Fact]
    public void Run_HealthyPods_NoFinding() =>
        Assert.Empty(RunWith(
            Pod("coredns-1", Labels("k8s-app", "kube-dns")),
            Pod("kube-apiserver-cp-1", Labels("component", "kube-apiserver")),
            Pod("calico-node-abc", Labels("k8s-app", "calico-node")),
            Pod("old-job-xyz", phase: "Succeeded")).Findings);

    [Fact]
    public void Run_SchedulerWithoutLabels_RecognisedByNamePrefix()
    {
        var notReady = Running("kube-scheduler");
        notReady.Ready = false;
        var f = Assert.Single(RunWith(Pod("kube-scheduler-cp-1", containers: notReady)).Findings);
        Assert.Equal(FindingSeverity.Critical, f.Severity);
        Assert.Contains(f.Runbook.Steps, s => s.Command == "sudo mv /etc/kubernetes/manifests/kube-scheduler.yaml /tmp/kube-scheduler.yaml");
    }

    [Fact]
    public void Run_CniRestartedRecentlyButRunning_Warning()
    {
        var c = Running("calico-node");
        c.RestartCount = 4;
        c.LastState = new V1ContainerState { Terminated = new V1ContainerStateTerminated { Reason = "OOMKilled", ExitCode = 137, FinishedAt = Now.AddMinutes(-10).UtcDateTime } };
        var f = Assert.Single(RunWith(Pod("calico-node-x", Labels("k8s-app", "calico-node"), containers: c)).Findings);
        Assert.Equal(FindingSeverity.Warning, f.Severity);
        Assert.Contains("OOMKilled", f.Summary, StringComparison.Ordinal);
        Assert.Contains(f.Runbook.Steps, s => s.Command == "kubectl --context prod -n kube-system delete pod calico-node-x");
    }

    [Fact]
    public void Run_OldRestartsOnly_NoFinding()
    {
        var c = Running("coredns");
        c.RestartCount = 2;
        c.LastState = new V1ContainerState { Terminated = new V1ContainerStateTerminated { Reason = "Error", ExitCode = 1, FinishedAt = Now.AddDays(-3).UtcDateTime } };
        Assert.Empty(RunWith(Pod("coredns-1", Labels("k8s-app", "kube-dns"), containers: c)).Findings);
    }

    [Fact]
    public void Run_OtherKubeSystemPodCrashLooping_Warning()
    {
        var f = Assert.Single(RunWith(Pod("metrics-server-6d94bc8694-abc", Labels("k8s-app", "metrics-server"), containers: CrashLooping("metrics-server", 3))).Findings);
        Assert.Equal(FindingSeverity.Warning, f.Severity);
    }

    [Fact]
    public void Run_PendingPodWithinStartupGrace_NoFinding() =>
        Assert.Empty(RunWith(Pod("coredns-new", Labels("k8s-app", "kube-dns"), phase: "Pending", started: Now.AddMinutes(-1))).Findings);

    [Fact]
    public void Run_PendingUnschedulable_CriticalForDns()
    {
        var pod = Pod("coredns-2", Labels("k8s-app", "kube-dns"), phase: "Pending", started: Now.AddHours(-1));
        pod.Status.ContainerStatuses = null;
        pod.Status.Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "False", Reason = "Unschedulable", Message = "0/3 nodes are available" }];
        var f = Assert.Single(RunWith(pod).Findings);
        Assert.Equal(FindingSeverity.Critical, f.Severity);
        Assert.Contains("Unschedulable", f.Summary, StringComparison.Ordinal);
    }
}
