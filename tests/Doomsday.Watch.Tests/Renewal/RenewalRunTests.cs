using System.Security.Cryptography.X509Certificates;
using Doomsday.Core.Doctor;
using Doomsday.Core.Pki;
using Doomsday.Core.Sources.Endpoints;
using Doomsday.Watch.Renewal;

namespace Doomsday.Watch.Tests.Renewal;

/// <summary>
/// Whole renewals of a control-plane node whose static pods are run by a <see cref="KubeletStandIn"/>
/// (no kubelet can run here): real etcd, nginx for the API server, openssl s_server for
/// controller-manager and scheduler, each started from its manifest as the kubelet would. The node's
/// certificates were made 350 days ago (15 days left), or 400 (expired). Every wait is on a condition:
/// handshakes, the stand-in's containers, the renewal's own progress lines. doctor looks at the node and
/// a second renewal tries to start while the first waits at its first restart.
/// </summary>
public sealed class RenewalRunTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly TimeSpan PickUp = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static RenewalRequest Request(RenewalNode node) => new()
    {
        KubeadmRoot = node.Root,
        Restart = new RestartOptions { Timeout = Deadline, PollInterval = TimeSpan.FromMilliseconds(50) },
        Verify = new VerifyOptions { Timeout = Deadline, RetryInterval = TimeSpan.FromMilliseconds(100) },
    };

    [Fact]
    public async Task ExecuteAsync_StandInControlPlane_EveryComponentServesItsRenewedCertificate()
    {
        using var node = new RenewalNode(DateTimeOffset.UtcNow.AddDays(-350), kubelet: true);
        // Someone turned the kubelet's certificate rotation off: the follow-ups must say so.
        var kubeletConfig = Path.Combine(node.Layout.KubeletDir, "config.yaml");
        File.WriteAllText(kubeletConfig, File.ReadAllText(kubeletConfig).Replace("rotateCertificates: true", "rotateCertificates: false", StringComparison.Ordinal));
        using var kubelet = new KubeletStandIn(node.Layout, PickUp);
        await WaitServingAsync(node);
        var before = await ServedAsync(node);
        // controller-manager and scheduler give their start to the second (localhost@<unix time>) and certificate dates
        // have whole seconds: the renewal must fall in a later second than their start for doctor to see that they
        // predate it (on a fast machine it came in the same second and the scheduler was not reported).
        var serving = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await Eventually.UntilAsync(() => DateTimeOffset.UtcNow.ToUnixTimeSeconds() > serving, Deadline, "the second after the stand-ins served");
        var environment = new TestRenewalEnvironment(kubelet);
        var planner = new RenewalPlanner(ITlsHandshaker.Default, TimeProvider.System, environment);
        // At the first restart line the files are renewed and nothing is restarted yet: what `kubeadm certs renew all` leaves.
        // The renewal waits while doctor looks at the node and a second renewal tries to start.
        List<string>? staleBeforeRestart = null;
        RenewalReport? second = null;
        var progress = new RecordingProgress((stage, _) =>
        {
            if (stage != "restart" || staleBeforeRestart is not null) return;
            staleBeforeRestart = StaleServingAsync(node).GetAwaiter().GetResult();
            var secondPlan = planner.PlanAsync(Request(node), CancellationToken.None).GetAwaiter().GetResult();
            second = new RenewalRun(ITlsHandshaker.Default, TimeProvider.System, environment, new RecordingProgress())
                .ExecuteAsync(secondPlan, Request(node), CancellationToken.None).GetAwaiter().GetResult();
        });

        var plan = await planner.PlanAsync(Request(node), CancellationToken.None);
        Assert.Empty(plan.Blockers);
        Assert.Equal(["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"], plan.Components.Select(c => c.Pod));
        var report = await new RenewalRun(ITlsHandshaker.Default, TimeProvider.System, environment, progress).ExecuteAsync(plan, Request(node), CancellationToken.None);

        output.WriteLine(progress.ToString());
        Assert.True(report.Outcome == RenewalOutcome.Renewed, $"{report.Failure}\n{progress}");
        Assert.All(report.Components, c => Assert.Equal(ComponentStatus.Verified, c.Status));
        Assert.Equal(RenewalPlanner.RenewableNames, report.Renewed.Select(r => r.Name)); // super-admin.conf too (this node ran kubeadm init); kubelet.conf never
        var after = await ServedAsync(node);
        Assert.Equal(Fingerprint(node.Path("pki/apiserver.crt")), after["apiserver"]);
        Assert.Equal(Fingerprint(node.Path("pki/etcd/server.crt")), after["etcd"]);
        Assert.Equal(Fingerprint(node.Path("pki/etcd/peer.crt")), after["etcd-peer"]);
        Assert.NotEqual(before["apiserver"], after["apiserver"]);
        Assert.NotEqual(before["etcd"], after["etcd"]);
        // controller-manager and scheduler made a new localhost@<time> certificate when they started again.
        Assert.NotEqual(before["controller-manager"], after["controller-manager"]);
        Assert.NotEqual(before["scheduler"], after["scheduler"]);
        Assert.Equal(2, kubelet.Starts("kube-scheduler"));
        Assert.True(File.Exists(Path.Combine(report.BackupDirectory!, RenewalBackup.SumsFile)));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(report.BackupDirectory!, "moved-manifests")));

        // doctor: the API server still served its old certificate and controller-manager and scheduler had started before their
        // kubeconfigs were renewed; etcd is not among them, it reads its certificate files on every new connection. Afterwards: nothing stale.
        Assert.Equal(["apiserver", "controller-manager", "scheduler"], staleBeforeRestart);
        Assert.Empty(await StaleServingAsync(node));

        // Follow-ups: kubelet.conf is left to the kubelet, whose rotation must be turned back on (doctor's runbook commands).
        Assert.Contains("kubelet.conf points at kubelet-client-current.pem: the kubelet rotates its own client certificate (not renewed here)", report.Afterwards);
        Assert.Contains(report.Afterwards, l => l.Contains("does not turn client certificate rotation on", StringComparison.Ordinal)
                                                && l.Contains("rotateCertificates: true", StringComparison.Ordinal) && l.Contains("sudo systemctl restart kubelet", StringComparison.Ordinal));

        // The second renewal was refused by the lock and changed nothing.
        Assert.Equal((RenewalOutcome.Refused, RenewalExitCodes.Refused), (second!.Outcome, second.ExitCode));
        Assert.Contains("lock: another renewal is running (pid", second.Failure, StringComparison.Ordinal);
        Assert.Null(second.BackupDirectory);
    }

    [Fact]
    public async Task ExecuteAsync_ApiServerRefusesRenewedCertificate_RolledBackServesPreviousFingerprint()
    {
        using var node = new RenewalNode(DateTimeOffset.UtcNow.AddDays(-350));
        var original = Fingerprint(node.Path("pki/apiserver.crt"));
        // The stand-in's API server crashes at start unless it finds the certificate it had before.
        using var kubelet = new KubeletStandIn(node.Layout, PickUp,
            (pod, manifest) => pod == "kube-apiserver" && Fingerprint(node.Layout.Map(manifest.Flag("--tls-cert-file")!)) != original);
        await WaitServingAsync(node);
        var progress = new RecordingProgress();
        var environment = new TestRenewalEnvironment(kubelet);

        var plan = await new RenewalPlanner(ITlsHandshaker.Default, TimeProvider.System, environment).PlanAsync(Request(node), CancellationToken.None);
        var report = await new RenewalRun(ITlsHandshaker.Default, TimeProvider.System, environment, progress).ExecuteAsync(plan, Request(node), CancellationToken.None);

        output.WriteLine(progress.ToString());
        Assert.Equal((RenewalOutcome.RolledBack, RenewalExitCodes.RolledBack), (report.Outcome, report.ExitCode));
        Assert.Equal(
            [("etcd", ComponentStatus.Verified), ("kube-apiserver", ComponentStatus.RolledBack), ("kube-controller-manager", ComponentStatus.NotRestarted), ("kube-scheduler", ComponentStatus.NotRestarted)],
            report.Components.Select(c => (c.Pod, c.Status)));
        var apiserver = report.Components[1];
        Assert.Contains("crash-looping", apiserver.Restart!.Failure ?? apiserver.Verify?.Failure, StringComparison.Ordinal);
        Assert.True(apiserver.RollbackVerify!.Succeeded);
        var served = await ServedAsync(node);
        Assert.Equal(original, served["apiserver"]);
        Assert.Equal(Fingerprint(node.Path("pki/etcd/server.crt")), served["etcd"]); // etcd keeps its verified renewal
        Assert.Equal(original, Fingerprint(node.Path("pki/apiserver.crt")));
        Assert.Contains(report.NodeState, l => l.StartsWith("kube-apiserver: ROLLED BACK", StringComparison.Ordinal));
        Assert.Contains(report.NodeState, l => l.StartsWith("kube-scheduler: not restarted", StringComparison.Ordinal));
        Assert.Contains(report.NodeState, l => l.Contains(report.RestoreCommand!, StringComparison.Ordinal));
        Assert.Contains(report.NodeState, l => l.StartsWith("kube-scheduler: to restart it by hand", StringComparison.Ordinal)
                                               && l.Contains("sudo mv /etc/kubernetes/manifests/kube-scheduler.yaml /tmp/kube-scheduler.yaml", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExecuteAsync_PreviousCertificatesExpiredAndApiServerRefusesRenewed_SaysRollbackCannotHelpKeepsRenewedFiles()
    {
        // The certificates expired 35 days ago (the CAs have years left): putting them back would not bring the API server up.
        using var node = new RenewalNode(DateTimeOffset.UtcNow.AddDays(-400));
        var original = Fingerprint(node.Path("pki/apiserver.crt"));
        using var kubelet = new KubeletStandIn(node.Layout, PickUp,
            (pod, manifest) => pod == "kube-apiserver" && Fingerprint(node.Layout.Map(manifest.Flag("--tls-cert-file")!)) != original);
        await WaitServingAsync(node);
        var environment = new TestRenewalEnvironment(kubelet);

        var plan = await new RenewalPlanner(ITlsHandshaker.Default, TimeProvider.System, environment).PlanAsync(Request(node), CancellationToken.None);
        Assert.Empty(plan.Blockers);
        var report = await new RenewalRun(ITlsHandshaker.Default, TimeProvider.System, environment, new RecordingProgress()).ExecuteAsync(plan, Request(node), CancellationToken.None);

        Assert.Equal((RenewalOutcome.NeedsAttention, RenewalExitCodes.NeedsAttention), (report.Outcome, report.ExitCode));
        Assert.Equal([ComponentStatus.Verified, ComponentStatus.Failed, ComponentStatus.NotRestarted, ComponentStatus.NotRestarted], report.Components.Select(c => c.Status));
        Assert.StartsWith("rollback cannot help: the previous apiserver", report.Components[1].Note, StringComparison.Ordinal);
        Assert.Contains("Fix forward", report.Components[1].Note, StringComparison.Ordinal);
        Assert.NotEqual(original, Fingerprint(node.Path("pki/apiserver.crt"))); // the renewed files stay in place
        Assert.Null(report.Components[1].RollbackRestart); // nothing was put back, so nothing restarted on old files
        Assert.Contains(report.NodeState, l => l.StartsWith("kube-apiserver: FAILED: rollback cannot help", StringComparison.Ordinal));
    }

    /// <summary>The subjects of doctor's stale-serving and stale-client-certificate findings over the tree, every component reached on its stand-in.</summary>
    private static async Task<List<string>> StaleServingAsync(RenewalNode node)
    {
        var overrides = new Dictionary<string, EndpointTarget>
        {
            ["apiserver"] = new("127.0.0.1", node.ApiServer, null), ["etcd"] = new("127.0.0.1", node.EtcdClient, null),
            ["etcd-peer"] = new("127.0.0.1", node.EtcdPeer, null), ["controller-manager"] = new("127.0.0.1", node.ControllerManager, null),
            ["scheduler"] = new("127.0.0.1", node.Scheduler, null),
        };
        var inputs = await new DoctorGatherer(ITlsHandshaker.Default, TimeProvider.System)
            .GatherAsync(new DoctorRequest { KubeadmRoot = node.Root, ComponentOverrides = overrides }, CancellationToken.None);
        return DoctorChecks.Run(inputs).Findings
            .Where(f => f.Id is FindingIds.StaleServingCertificate or FindingIds.StaleClientCertificate)
            .Select(f => f.Subject).Order(StringComparer.Ordinal).ToList();
    }

    private static async Task WaitServingAsync(RenewalNode node) =>
        await Eventually.UntilAsync(async () => (await ServedAsync(node)).Values.All(v => v is not null), Deadline, "every stand-in serving");

    /// <summary>The leaf fingerprint each component presents now (null when it does not answer).</summary>
    private static async Task<Dictionary<string, string?>> ServedAsync(RenewalNode node)
    {
        var ports = new Dictionary<string, int>
        {
            ["apiserver"] = node.ApiServer, ["etcd"] = node.EtcdClient, ["etcd-peer"] = node.EtcdPeer,
            ["controller-manager"] = node.ControllerManager, ["scheduler"] = node.Scheduler,
        };
        var served = new Dictionary<string, string?>();
        foreach (var (name, port) in ports)
        {
            var result = await ITlsHandshaker.Default.HandshakeAsync(new EndpointTarget("127.0.0.1", port, null), TimeSpan.FromSeconds(5), CancellationToken.None);
            served[name] = result.Chain.Count > 0 ? result.Chain[0].FingerprintSha256 : null;
        }
        return served;
    }

    private static string Fingerprint(string file)
    {
        using var cert = X509CertificateLoader.LoadCertificateFromFile(file);
        return TestPki.Sha256(cert);
    }
}
