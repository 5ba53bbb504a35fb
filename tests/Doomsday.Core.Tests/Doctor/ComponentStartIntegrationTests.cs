using Doomsday.Core.Doctor;
using Doomsday.Core.Pki;
using Doomsday.Core.Sources.Endpoints;
using Doomsday.Core.Tests.Support;
using N = Doomsday.Core.Sources.Kubeadm.KubeadmNames;

namespace Doomsday.Core.Tests.Doctor;

/// <summary>
/// controller-manager and scheduler started before their kubeconfig's client certificate was renewed.
/// No kube-controller-manager or kube-scheduler runs here: the stand-in is <c>openssl s_server</c>
/// presenting the pair those components make in memory at start (<see cref="ClientGoSelfSigned"/>,
/// subject <c>localhost@UNIX-TIME</c>), which is all doctor reads from them. The trees are a generated
/// one and the real kubeadm tree of the corpus, renewed the way <c>kubeadm certs renew</c> does it.
/// </summary>
public sealed class ComponentStartIntegrationTests : IDisposable
{
    private readonly TempDir _dir = new();
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

    /// <summary>A stand-in controller-manager or scheduler that started at <paramref name="startedAt"/>.</summary>
    private int StartedAt(DateTimeOffset startedAt)
    {
        var (leaf, ca) = ClientGoSelfSigned.Create(startedAt);
        Own(leaf);
        Own(ca);
        return Own(OpensslServer.Start([leaf, ca])).Port;
    }

    private string Generated(DateTimeOffset built)
    {
        var root = _dir.Combine("etc", "kubernetes");
        Own(KubeadmTreeBuilder.Build(root, new KubeadmTreeOptions { Now = built, KeyAlgorithm = KubeadmKeyAlgorithm.EcdsaP256, DistinctKeys = true }));
        return root;
    }

    [Fact]
    public async Task Run_StartedMoreThanAYearBeforeRenewal_HeldCertificateExpiredIsEmergency()
    {
        // The certificate it loaded at start has expired by now: the API server rejects it, as for certificate-expired.
        var now = DateTimeOffset.UtcNow;
        var root = Generated(now.AddDays(-400));
        var port = StartedAt(now.AddDays(-400).AddMinutes(2));
        using var renewed = KubeadmRenewal.Renew(root, new KubeadmRenewalOptions { At = now.AddDays(-1) });

        var report = await Run(root, now, new() { ["controller-manager"] = Target(port) });

        var finding = Assert.Single(report.Findings, f => f.Id == FindingIds.StaleClientCertificate);
        Assert.Equal(FindingSeverity.Emergency, finding.Severity);
        Assert.Contains("which has expired by now", finding.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ControllerManagerStartedBeforeRenewal_StaleClientCertificateWithRestartAndStartTimeCheck()
    {
        var now = DateTimeOffset.UtcNow;
        var root = Generated(now.AddDays(-350));
        var started = now.AddDays(-350).AddMinutes(2);
        var port = StartedAt(started);
        using var renewed = KubeadmRenewal.Renew(root, new KubeadmRenewalOptions { At = now.AddDays(-1) });

        var report = await Run(root, now, new() { ["controller-manager"] = Target(port) });

        var finding = Assert.Single(report.Findings);
        Assert.Equal((FindingIds.StaleClientCertificate, "controller-manager", FindingSeverity.Critical), (finding.Id, finding.Subject, finding.Severity));
        Assert.StartsWith($"controller-manager started on {started.UtcDateTime:yyyy-MM-dd HH:mm} UTC, before the client certificate in /etc/kubernetes/controller-manager.conf was renewed ({now.AddDays(-1).UtcDateTime:yyyy-MM-dd HH:mm} UTC)",
            finding.Summary, StringComparison.Ordinal);
        Assert.Contains(finding.Runbook.Steps, s => s.Command == "sudo mv /etc/kubernetes/manifests/kube-controller-manager.yaml /tmp/kube-controller-manager.yaml");
        Assert.DoesNotContain(finding.Runbook.Steps, s => s.Command?.Contains("kube-apiserver", StringComparison.Ordinal) == true);
        // The verify step prints the start time read from the running component, as it would on the node.
        var (code, output) = RunbookShell.Run(finding.Runbook.Verify[0].Command!, root);
        Assert.Equal(0, code);
        Assert.Contains(started.UtcDateTime.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_SchedulerStartedBeforeANewerStyleRenewal_StaleClientCertificate()
    {
        var now = DateTimeOffset.UtcNow;
        var root = Generated(now.AddDays(-200));
        var port = StartedAt(now.AddDays(-200).AddMinutes(3));
        using var renewed = KubeadmRenewal.Renew(root, new KubeadmRenewalOptions
        {
            At = now.AddDays(-3), Style = KubeadmRenewalStyle.StartAtRenewal, Names = [N.SchedulerConf],
        });

        var report = await Run(root, now, new() { ["scheduler"] = Target(port) });

        var finding = Assert.Single(report.Findings);
        Assert.Equal((FindingIds.StaleClientCertificate, "scheduler", FindingSeverity.Warning), (finding.Id, finding.Subject, finding.Severity)); // about 165 days left at most
        Assert.Contains("notBefore + 5 minutes", Assert.Single(finding.Evidence, e => e.Label == "client certificate signed").Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ControllerManagerRestartedAfterRenewal_NoFinding()
    {
        var now = DateTimeOffset.UtcNow;
        var root = Generated(now.AddDays(-350));
        using var renewed = KubeadmRenewal.Renew(root, new KubeadmRenewalOptions { At = now.AddDays(-1) });
        var port = StartedAt(now.AddDays(-1).AddMinutes(4));

        var report = await Run(root, now, new() { ["controller-manager"] = Target(port) });

        Assert.Empty(report.Findings);
        Assert.DoesNotContain(report.Skipped, s => s.Subject == "controller-manager");
    }

    [Theory]
    [InlineData("2024-02-04T07:56:10Z", false, null)]
    [InlineData("2024-02-04T07:56:10Z", true, FindingSeverity.Warning)]
    [InlineData("2024-12-20T10:05:00Z", true, null)]
    public async Task Run_RealKubeadmTreeOfTheCorpus_ControllerManagerJudgedAgainstItsKubeconfig(string startedAt, bool renew, FindingSeverity? expected)
    {
        // The corpus node ran kubeadm init on 2024-02-04 at 07:54:33 UTC (its CAs start 5 minutes earlier).
        var root = _dir.Combine("etc", "kubernetes");
        DoctorCorpusTests.CopyTree(CorpusLocator.KubeadmTree("zetaoss-killercoda-2024"), root);
        DoctorCorpusTests.CopyTree(Path.Combine(CorpusLocator.Corpus, "kubeadm", "zetaoss-killercoda-2024", "keys", "pki"), Path.Combine(root, "pki"));
        if (renew)
        {
            using var renewed = KubeadmRenewal.Renew(root, new KubeadmRenewalOptions
            {
                At = DateTimeOffset.Parse("2024-12-20T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture), Names = [N.ControllerManagerConf],
            });
            Assert.Contains(N.ControllerManagerConf, renewed.Renewed.Keys);
        }
        var port = StartedAt(DateTimeOffset.Parse(startedAt, System.Globalization.CultureInfo.InvariantCulture));

        var report = await Run(root, DateTimeOffset.Parse("2024-12-21T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            new() { ["controller-manager"] = Target(port) });

        var stale = report.Findings.Where(f => f.Id == FindingIds.StaleClientCertificate).ToList();
        if (expected is null)
        {
            Assert.Empty(stale);
            return;
        }
        var finding = Assert.Single(stale);
        Assert.Equal(expected, finding.Severity); // what it holds expires 2025-02-03, 44 days on
        Assert.Contains("2025-02-03 07:56 UTC at the latest", finding.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_CopyOfATreeWithoutEndpoints_ListsControllerManagerAndSchedulerAsNotChecked()
    {
        var now = DateTimeOffset.UtcNow;
        var root = Generated(now.AddDays(-10));

        var report = await Run(root, now, new());

        Assert.Contains(report.Skipped, s => s.Check == "component-start" && s.Subject == "controller-manager" && s.Reason.Contains("--component-endpoint controller-manager=HOST:10257", StringComparison.Ordinal));
        Assert.Contains(report.Skipped, s => s.Check == "component-start" && s.Subject == "scheduler");
        Assert.Contains(report.Skipped, s => s.Check == "component-start" && s.Subject == "apiserver" && s.Reason.Contains("--etcd-certfile", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_ControllerManagerServingAFileCertificate_StartTimeNotChecked()
    {
        var now = DateTimeOffset.UtcNow;
        var root = Generated(now.AddDays(-10));
        var served = TestPki.CreateServer("kube-controller-manager", ["localhost"], now.AddDays(-1), now.AddDays(300));
        Own(served);
        var port = Own(OpensslServer.Start([served])).Port;

        var report = await Run(root, now, new() { ["controller-manager"] = Target(port) });

        Assert.DoesNotContain(report.Findings, f => f.Id == FindingIds.StaleClientCertificate);
        var skipped = Assert.Single(report.Skipped, s => s.Check == "component-start" && s.Subject == "controller-manager");
        Assert.Contains("CN=kube-controller-manager", skipped.Reason, StringComparison.Ordinal);
    }

    private static EndpointTarget Target(int port) => new("127.0.0.1", port, null);

    private static async Task<DoctorReport> Run(string root, DateTimeOffset now, Dictionary<string, EndpointTarget> overrides)
    {
        var inputs = await new DoctorGatherer(ITlsHandshaker.Default, new FixedTimeProvider(now))
            .GatherAsync(new DoctorRequest { KubeadmRoot = root, ComponentOverrides = overrides }, CancellationToken.None);
        return DoctorChecks.Run(inputs);
    }
}
