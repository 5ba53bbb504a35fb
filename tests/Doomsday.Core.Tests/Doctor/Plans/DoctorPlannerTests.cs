using Doomsday.Core.Doctor;
using Doomsday.Core.Doctor.Plans;
using Doomsday.Core.Doctor.Runbooks;
using Doomsday.Core.Sources.Endpoints;

namespace Doomsday.Core.Tests.Doctor.Plans;

/// <summary>The consolidated plan over the plan scenarios (<see cref="DoctorScenarios.Plans"/>) and over hand-made findings.</summary>
public sealed class DoctorPlannerTests
{
    private static DoctorPlan PlanOf(DoctorReport report) => DoctorPlanner.For(report) ?? throw new Xunit.Sdk.XunitException("no plan");

    private static IReadOnlyList<string> Commands(DoctorPlan plan, PlanStage stage) =>
        plan.Steps.Where(s => s.Stage == stage).Select(s => s.Step.Command).OfType<string>().ToList();

    /// <summary>The components restarted, in plan order, each once.</summary>
    private static IReadOnlyList<string> Restarted(DoctorPlan plan) =>
        plan.Steps.Where(s => s.Stage == PlanStage.Restart).Select(s => s.Component!).Distinct().ToList();

    [Fact]
    public void Build_EveryRenewableExpiring_RenewAllOnceThenRestartsInKubeadmsOrder()
    {
        var report = DoctorScenarios.EveryRenewableExpiring();
        var plan = PlanOf(report);

        var expiring = report.Ordered().Select((f, i) => (f, i)).Where(x => x.f.Id == FindingIds.CertificateExpiring).Select(x => x.i).ToList();
        Assert.Equal(Kubeadm.Renewable.Count, expiring.Count);
        var renew = Assert.Single(plan.Steps, s => s.Stage == PlanStage.Renew);
        Assert.Equal(("sudo kubeadm certs renew all", RunOn.ThisNode), (renew.Step.Command, renew.Step.On));
        Assert.Equal(expiring, renew.Findings);
        Assert.Equal(["sudo cp -a /etc/kubernetes /etc/kubernetes.bak.$(date +%F-%H%M%S)"], Commands(plan, PlanStage.Prepare));
        Assert.Equal([StaticPods.Etcd, StaticPods.ApiServer, StaticPods.ControllerManager, StaticPods.Scheduler], Restarted(plan));
        // Each restart once: four steps per component, and the stages in order.
        Assert.Equal(16, plan.Steps.Count(s => s.Stage == PlanStage.Restart));
        var stages = plan.Steps.Select(s => s.Stage).ToList();
        Assert.Equal(stages.OrderBy(s => s).ToList(), stages);
        Assert.Single(plan.Steps, s => s.Step == Verify.Rerun());
        Assert.Equal(Verify.Rerun(), plan.Steps[^1].Step);
        Assert.Single(plan.Steps, s => s.Step.Command == "sudo kubeadm certs check-expiration");
        Assert.All(expiring, i => Assert.True(plan.Covers(i)));
    }

    [Fact]
    public void Build_TwoOfTheRenewablesExpiring_ExactRenewListNotAll()
    {
        var plan = PlanOf(DoctorScenarios.TwoExpiring());

        Assert.Equal(["sudo kubeadm certs renew apiserver", "sudo kubeadm certs renew etcd-peer"], Commands(plan, PlanStage.Renew));
        Assert.Equal([StaticPods.Etcd, StaticPods.ApiServer], Restarted(plan));
        Assert.Single(Commands(plan, PlanStage.Prepare));
    }

    [Fact]
    public void Build_ApiserverAndControllerManagerNotRestarted_OneRestartPerComponentServingBoth()
    {
        var report = DoctorScenarios.ApiserverAndControllerManagerNotRestarted();
        var ordered = report.Ordered();
        var stale = ordered.Select((f, i) => (f, i)).Single(x => x.f.Id == FindingIds.StaleServingCertificate).i;
        var client = ordered.Select((f, i) => (f, i)).Single(x => x.f.Id == FindingIds.StaleClientCertificate).i;

        var plan = PlanOf(report);

        Assert.Equal([StaticPods.Etcd, StaticPods.ApiServer, StaticPods.ControllerManager, StaticPods.Scheduler], Restarted(plan));
        var moveOut = Assert.Single(plan.Steps, s => s.Step.Command == "sudo mv /etc/kubernetes/manifests/kube-controller-manager.yaml /tmp/kube-controller-manager.yaml");
        Assert.Equal([Math.Min(stale, client), Math.Max(stale, client)], moveOut.Findings);
        Assert.Equal(4, plan.Steps.Count(s => s.Component == StaticPods.ControllerManager));
        // Both findings' verifications, then doctor once.
        Assert.Contains(plan.Steps, s => s.Stage == PlanStage.Verify && s.Findings.SequenceEqual([stale]) && s.Step.Command is { } c1 && c1.Contains("does NOT serve", StringComparison.Ordinal));
        Assert.Contains(plan.Steps, s => s.Stage == PlanStage.Verify && s.Findings.SequenceEqual([client]) && s.Step.Command is { } c2 && c2.StartsWith("date -u -d @", StringComparison.Ordinal));
        Assert.Equal(Verify.Rerun(), plan.Steps[^1].Step);
        Assert.DoesNotContain(plan.Steps, s => s.Stage == PlanStage.Note);
    }

    [Fact]
    public void Build_DiskOlderEtcdAndDiskNewerApiserver_NoEtcdRestartAndTheContradictionSaid()
    {
        var report = DoctorScenarios.DiskOlderEtcdDiskNewerApiserver();
        var ordered = report.Ordered();
        var etcd = ordered.Select((f, i) => (f, i)).Single(x => x.f.Id == FindingIds.StaleServingCertificate && x.f.Subject == "etcd").i;
        var apiserver = ordered.Select((f, i) => (f, i)).Single(x => x.f.Id == FindingIds.StaleServingCertificate && x.f.Subject == "apiserver").i;

        var plan = PlanOf(report);

        Assert.DoesNotContain(plan.Steps, s => s.Component == StaticPods.Etcd || s.Step.Command?.Contains("etcd.yaml", StringComparison.Ordinal) == true);
        Assert.Equal([StaticPods.ApiServer, StaticPods.ControllerManager, StaticPods.Scheduler], Restarted(plan));
        var hold = Assert.Single(plan.Holds);
        Assert.Equal(StaticPods.Etcd, hold.Component);
        Assert.Equal([etcd], hold.HeldBy);
        Assert.Equal([apiserver], hold.ContradictedBy);
        Assert.Contains(etcd, plan.Separate);
        Assert.False(plan.Covers(etcd));
        Assert.False(plan.Covers(apiserver)); // contradicted: its own runbook is printed too
        var line = Assert.Single(PlanText.Holds(plan));
        Assert.Contains("contradict", line, StringComparison.Ordinal);
        Assert.Contains($"#{etcd + 1}", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_SingleFinding_NoPlan()
    {
        Assert.Null(DoctorPlanner.For(DoctorScenarios.LeafWithDaysLeft("etcd-peer", 5)));
    }

    [Fact]
    public void Build_SameCommandDifferentPlace_NotMerged()
    {
        // Same text, different meaning: a restart on this node and one on each control-plane node.
        var here = StaticPods.Restart(StaticPods.ControllerManager);
        var everywhere = StaticPods.Restart(StaticPods.ControllerManager).Select(s => s with { On = RunOn.EachControlPlane }).ToList();
        var findings = new[] { Made("a", here), Made("b", everywhere), Made("c", here) };

        var plan = DoctorPlanner.Build(findings, new HashSet<string>())!;

        Assert.Equal(8, plan.Steps.Count(s => s.Stage == PlanStage.Restart));
        Assert.All(plan.Steps.Where(s => s.Step.On == RunOn.ThisNode && s.Stage == PlanStage.Restart), s => Assert.Equal([0, 2], s.Findings));
        Assert.All(plan.Steps.Where(s => s.Step.On == RunOn.EachControlPlane), s => Assert.Equal([1], s.Findings));
    }

    [Fact]
    public void Build_StepWithoutStage_FindingFollowedOnItsOwn()
    {
        var findings = new[]
        {
            Made("a", Kubeadm.Renew("apiserver")),
            Made("b", [new RunbookStep("Find the process listening on port 6443", "sudo ss -ltnp 'sport = :6443'", RunOn.ThisNode), .. StaticPods.Restart(StaticPods.ApiServer)]),
            Made("c", Kubeadm.Renew("front-proxy-client")),
        };

        var plan = DoctorPlanner.Build(findings, new HashSet<string>())!;

        Assert.Equal([0, 2], plan.Planned);
        Assert.Equal([1], plan.Separate);
        Assert.DoesNotContain(plan.Steps, s => s.Findings.Contains(1));
    }

    [Fact]
    public void Build_KubeletAndStaticPods_KubeletRestartedLast()
    {
        var findings = new[] { Made("a", Kubelet.Restart()), Made("b", Kubeadm.Renew("scheduler.conf")), Made("c", Kubeadm.Renew("apiserver-etcd-client")) };

        var plan = DoctorPlanner.Build(findings, new HashSet<string>())!;

        Assert.Equal([StaticPods.ApiServer, StaticPods.Scheduler, Kubelet.Name], Restarted(plan));
    }

    [Fact]
    public void Restart_ComponentAtAnotherAddress_StepsRunOnTheSubjectNode()
    {
        var finding = Assert.Single(DoctorScenarios.ApiserverElsewhereServingBeforeRenewal().Findings, f => f.Id == FindingIds.StaleServingCertificate);

        var restarts = finding.Runbook.Steps.Where(s => s.Stage == PlanStage.Restart).ToList();

        Assert.Equal(16, restarts.Count);
        Assert.All(restarts, s => Assert.Equal(RunOn.SubjectNode, s.On));
        Assert.StartsWith("On the node at 10.0.0.20", finding.Runbook.Steps[0].Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Restart_ComponentOnLoopback_StepsRunOnThisNode()
    {
        var finding = Assert.Single(DoctorScenarios.ApiserverServing(new EndpointTarget("127.0.0.1", 6443, null), DaysLeftOf(5)).Findings,
            f => f.Id == FindingIds.StaleServingCertificate);

        Assert.All(finding.Runbook.Steps.Where(s => s.Stage == PlanStage.Restart), s => Assert.Equal(RunOn.ThisNode, s.On));
    }

    private static Doomsday.Core.Pki.CertificateValidity DaysLeftOf(int days) =>
        Doomsday.Core.Pki.CertificateValidity.Around(DoctorNode.Now, TimeSpan.FromDays(360), TimeSpan.FromDays(days));

    private static Finding Made(string subject, IReadOnlyList<RunbookStep> steps) =>
        new(FindingIds.CertificateExpiring, FindingSeverity.Critical, subject, subject, [], new Runbook(steps, [Verify.Rerun()]));
}
