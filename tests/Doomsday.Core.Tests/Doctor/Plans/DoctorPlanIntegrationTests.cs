using System.Security.Cryptography.X509Certificates;
using Doomsday.Core.Doctor;
using Doomsday.Core.Doctor.Plans;
using Doomsday.Core.Doctor.Runbooks;
using Doomsday.Core.Pki;
using Doomsday.Core.Sources.Endpoints;
using Doomsday.Core.Tests.Support;
using N = Doomsday.Core.Sources.Kubeadm.KubeadmNames;

namespace Doomsday.Core.Tests.Doctor.Plans;

/// <summary>
/// A plan followed step by step against real servers, as far as it can run here. <c>openssl s_server</c>
/// stands in for kube-apiserver (it presents apiserver.crt as loaded before a renewal) and for
/// kube-controller-manager (the localhost@UNIX-TIME pair it makes at start); no kubelet or crictl runs here,
/// so a restart step is played by the test: the old server is stopped and a new one started with what is
/// on disk now, and the plan's commands are pointed at its port (a restarted component keeps its address).
/// Every verification runs with bash as printed (<see cref="RunbookShell"/>).
/// </summary>
public sealed class DoctorPlanIntegrationTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;
    private readonly List<IDisposable> _owned = [];

    public void Dispose()
    {
        foreach (var d in Enumerable.Reverse(_owned)) d.Dispose();
        _dir.Dispose();
    }

    private T Own<T>(T d) where T : IDisposable
    {
        _owned.Add(d);
        return d;
    }

    [Fact]
    public async Task Plan_ApiserverAndControllerManagerNotRestarted_FollowedStepByStepLeavesNoStaleFinding()
    {
        var root = _dir.Combine("etc", "kubernetes");
        var built = _now.AddDays(-350);
        var tree = Own(KubeadmTreeBuilder.Build(root, new KubeadmTreeOptions { Now = built, KeyAlgorithm = KubeadmKeyAlgorithm.EcdsaP256, DistinctKeys = true }));
        var apiserver = Own(OpensslServer.Start([tree.Certificates[N.Apiserver]]));
        var kcm = StartControllerManager(built.AddMinutes(2));
        Own(KubeadmRenewal.Renew(root, new KubeadmRenewalOptions { At = _now.AddDays(-1) }));

        var report = await Run(root, apiserver.Port, kcm.Port);
        Assert.Contains(report.Findings, f => f.Id == FindingIds.StaleServingCertificate);
        Assert.Contains(report.Findings, f => f.Id == FindingIds.StaleClientCertificate);
        var plan = DoctorPlanner.For(report) ?? throw new Xunit.Sdk.XunitException("no plan");
        var compare = Assert.Single(plan.Steps, s => s.Stage == PlanStage.Verify && s.Step.Command?.Contains($"127.0.0.1:{apiserver.Port} serves", StringComparison.Ordinal) == true).Step.Command!;
        Assert.Contains("does NOT serve", RunbookShell.Run(compare, root).Output, StringComparison.Ordinal);

        var (oldApiserver, oldKcm) = (apiserver.Port, kcm.Port);
        var restarted = new List<string>();
        foreach (var step in plan.Steps)
        {
            switch (step.Stage)
            {
                case PlanStage.Prepare:
                    var (code, output) = RunbookShell.Run(step.Step.Command!, root);
                    Assert.True(code == 0, output);
                    break;
                case PlanStage.Restart when !restarted.Contains(step.Component!):
                    restarted.Add(step.Component!);
                    if (step.Component == StaticPods.ApiServer)
                    {
                        apiserver.Dispose();
                        apiserver = Own(OpensslServer.Start([X509Certificate2.CreateFromPemFile(Path.Combine(root, "pki", "apiserver.crt"), Path.Combine(root, "pki", "apiserver.key"))]));
                    }
                    if (step.Component == StaticPods.ControllerManager)
                    {
                        kcm.Dispose();
                        kcm = StartControllerManager(_now);
                    }
                    break;
                case PlanStage.Verify when step.Step.Command is { } command && !command.StartsWith("sudo doomsday", StringComparison.Ordinal):
                    var pointed = command.Replace($"127.0.0.1:{oldApiserver}", $"127.0.0.1:{apiserver.Port}", StringComparison.Ordinal)
                        .Replace($"127.0.0.1:{oldKcm}", $"127.0.0.1:{kcm.Port}", StringComparison.Ordinal);
                    var (verified, said) = RunbookShell.Run(pointed, root);
                    Assert.True(verified == 0, said);
                    if (command == compare)
                    {
                        Assert.DoesNotContain("does NOT serve", said, StringComparison.Ordinal);
                        Assert.Contains($"127.0.0.1:{apiserver.Port} serves {root}/pki/apiserver.crt", said, StringComparison.Ordinal);
                    }
                    break;
            }
        }

        // The files on disk are renewed already: nothing to renew, only restarts and checks.
        Assert.DoesNotContain(plan.Steps, s => s.Stage is PlanStage.Renew or PlanStage.Install);
        Assert.Equal([StaticPods.Etcd, StaticPods.ApiServer, StaticPods.ControllerManager, StaticPods.Scheduler], restarted);
        // The plan's last step: doctor again, reaching the restarted components.
        Assert.Equal(Verify.Rerun(), plan.Steps[^1].Step);
        var after = await Run(root, apiserver.Port, kcm.Port);
        Assert.DoesNotContain(after.Findings, f => f.Id is FindingIds.StaleServingCertificate or FindingIds.StaleClientCertificate);
    }

    private OpensslServer StartControllerManager(DateTimeOffset startedAt)
    {
        var (leaf, ca) = ClientGoSelfSigned.Create(startedAt);
        Own(leaf);
        Own(ca);
        return Own(OpensslServer.Start([leaf, ca]));
    }

    private async Task<DoctorReport> Run(string root, int apiserver, int controllerManager)
    {
        var inputs = await new DoctorGatherer(ITlsHandshaker.Default, new FixedTimeProvider(_now)).GatherAsync(new DoctorRequest
        {
            KubeadmRoot = root,
            ComponentOverrides = new Dictionary<string, EndpointTarget>
            {
                ["apiserver"] = new EndpointTarget("127.0.0.1", apiserver, null),
                ["controller-manager"] = new EndpointTarget("127.0.0.1", controllerManager, null),
            },
        }, CancellationToken.None);
        return DoctorChecks.Run(inputs);
    }
}
