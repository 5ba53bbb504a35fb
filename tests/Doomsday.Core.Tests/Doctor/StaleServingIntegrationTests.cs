using System.Security.Cryptography.X509Certificates;
using Doomsday.Core.Certificates;
using Doomsday.Core.Doctor;
using Doomsday.Core.Pki;
using Doomsday.Core.Sources.Endpoints;
using Doomsday.Core.Tests.Support;
using N = Doomsday.Core.Sources.Kubeadm.KubeadmNames;

namespace Doomsday.Core.Tests.Doctor;

/// <summary>
/// Seed 001 against real servers on 127.0.0.1: a real etcd (which demands client certificates) and
/// nginx standing in for the API server (no kube-apiserver runs here). The kubeadm tree was made 350
/// days ago, so its first certificates have about 15 days left, and renewed the way
/// <c>kubeadm certs renew</c> does it (<see cref="KubeadmRenewal"/>: notBefore kept at the CA's). A
/// server started before the renewal keeps serving the first certificate. The tree is a copy (not
/// /etc/kubernetes), so only components given as overrides are reached.
/// </summary>
public sealed class StaleServingIntegrationTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;
    private readonly KubeadmTree _tree;

    public StaleServingIntegrationTests()
    {
        _tree = KubeadmTreeBuilder.Build(_dir.Path, new KubeadmTreeOptions
        {
            Now = _now.AddDays(-350),
            KeyAlgorithm = KubeadmKeyAlgorithm.EcdsaP256,
            DistinctKeys = true,
        });
    }

    public void Dispose()
    {
        _tree.Dispose();
        _dir.Dispose();
    }

    private KubeadmRenewalResult RenewAll(KubeadmRenewalStyle style = KubeadmRenewalStyle.KeepCaNotBefore) =>
        KubeadmRenewal.Renew(_dir.Path, new KubeadmRenewalOptions { At = _now.AddDays(-1), Style = style });

    [Theory]
    [InlineData(KubeadmRenewalStyle.KeepCaNotBefore)]
    [InlineData(KubeadmRenewalStyle.StartAtRenewal)]
    public async Task Run_ApiserverStartedBeforeKubeadmRenewal_DiskNewerSaysTimeLeftAndRestartsInKubeadmsOrder(KubeadmRenewalStyle style)
    {
        var original = _tree.Certificates[N.Apiserver];
        using var nginx = NginxServer.Start([new NginxSite("api", null, [original])]);
        using var renewed = RenewAll(style);
        var address = $"127.0.0.1:{nginx.Port("api")}";

        var (_, report) = await GatherAndRun(new() { ["apiserver"] = Target(nginx.Port("api")) });

        var finding = Assert.Single(report.Findings, f => f.Id == FindingIds.StaleServingCertificate);
        Assert.Equal(("apiserver", FindingSeverity.Critical), (finding.Subject, finding.Severity)); // about 15 days left
        var left = Durations.FormatResidual(new DateTimeOffset(original.NotAfter) - _now);
        Assert.StartsWith($"apiserver on {address} serves a certificate that expires in {left} (", finding.Summary, StringComparison.Ordinal);
        Assert.Contains("was renewed", finding.Summary, StringComparison.Ordinal);
        Assert.Equal(TestPki.Sha256(original), Evidence(finding, "served sha256"));
        Assert.Equal(TestPki.Sha256(renewed.Renewed[N.Apiserver]), Evidence(finding, "disk sha256"));
        // kubeadm's order when it restarts the control plane (kubeadm upgrade): etcd, kube-apiserver, kube-controller-manager, kube-scheduler.
        var moves = finding.Runbook.Steps.Select(s => s.Command).OfType<string>().Where(c => c.StartsWith("sudo mv /etc/kubernetes/manifests/", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"],
            moves.Select(c => c.Split(' ')[2]["/etc/kubernetes/manifests/".Length..^".yaml".Length]));
        Assert.Equal("does NOT serve", VerifyOutcome(finding));
    }

    [Fact]
    public async Task Run_EtcdServesRenewedCertificateButBackupRestored_DiskOlderAndNoRestartBeforeRenewal()
    {
        var pki = Path.Combine(_dir.Path, "pki", "etcd");
        var backup = _dir.Combine("backup");
        Directory.CreateDirectory(backup);
        foreach (var f in new[] { "server.crt", "server.key" }) File.Copy(Path.Combine(pki, f), Path.Combine(backup, f));
        using var renewed = RenewAll();
        using var etcd = EtcdServer.Start(renewed.Renewed[N.EtcdServer], _tree.Certificates[N.EtcdCa]);
        foreach (var f in new[] { "server.crt", "server.key" }) File.Copy(Path.Combine(backup, f), Path.Combine(pki, f), overwrite: true);

        var (_, report) = await GatherAndRun(new() { ["etcd"] = Target(etcd.ClientPort) });

        var finding = Assert.Single(report.Findings, f => f.Id == FindingIds.StaleServingCertificate);
        Assert.Equal(("etcd", FindingSeverity.Critical), (finding.Subject, finding.Severity)); // the file on disk has about 15 days left
        Assert.Contains("newer than /etc/kubernetes/pki/etcd/server.crt on disk", finding.Summary, StringComparison.Ordinal);
        Assert.Contains("do NOT restart etcd", finding.Summary, StringComparison.Ordinal);
        var steps = finding.Runbook.Steps;
        Assert.Null(steps[0].Command);
        Assert.Contains("do NOT restart etcd", steps[0].Description, StringComparison.Ordinal);
        var renew = steps.ToList().FindIndex(s => s.Command == "sudo kubeadm certs renew etcd-server");
        var moveOut = steps.ToList().FindIndex(s => s.Command == "sudo mv /etc/kubernetes/manifests/etcd.yaml /tmp/etcd.yaml");
        Assert.InRange(renew, 1, moveOut - 1);
        Assert.Equal(TestPki.Sha256(renewed.Renewed[N.EtcdServer]), Evidence(finding, "served sha256"));
        Assert.Equal("does NOT serve", VerifyOutcome(finding));
    }

    [Fact]
    public async Task Run_ApiserverServesRenewedCertificateButBackupRestored_SaysItWillSwitchByItself()
    {
        var apiserver = Path.Combine(_dir.Path, "pki", "apiserver");
        var crt = File.ReadAllBytes(apiserver + ".crt");
        var key = File.ReadAllBytes(apiserver + ".key");
        using var renewed = RenewAll();
        using var nginx = NginxServer.Start([new NginxSite("api", null, [renewed.Renewed[N.Apiserver]])]);
        File.WriteAllBytes(apiserver + ".crt", crt);
        File.WriteAllBytes(apiserver + ".key", key);

        var (_, report) = await GatherAndRun(new() { ["apiserver"] = Target(nginx.Port("api")) });

        var finding = Assert.Single(report.Findings, f => f.Id == FindingIds.StaleServingCertificate);
        Assert.Contains("do NOT restart kube-apiserver", finding.Summary, StringComparison.Ordinal);
        Assert.Contains("re-reads the file about once a minute", finding.Runbook.Steps[0].Description, StringComparison.Ordinal);
        Assert.Contains(finding.Runbook.Steps, s => s.Command == "sudo kubeadm certs renew apiserver");
    }

    [Fact]
    public async Task Run_EtcdPeerPortServesTheFirstCertificate_OnlyEtcdPeerAgainstPeerCertFile()
    {
        var originalPeer = _tree.Certificates[N.EtcdPeer];
        using var renewed = RenewAll();
        using var etcd = EtcdServer.Start(renewed.Renewed[N.EtcdServer], _tree.Certificates[N.EtcdCa], originalPeer);

        var (_, report) = await GatherAndRun(new() { ["etcd"] = Target(etcd.ClientPort), ["etcd-peer"] = Target(etcd.PeerPort) });

        var finding = Assert.Single(report.Findings, f => f.Id == FindingIds.StaleServingCertificate);
        Assert.Equal("etcd-peer", finding.Subject);
        Assert.Equal(TestPki.Sha256(originalPeer), Evidence(finding, "served sha256"));
        Assert.Equal(DiskSha256("pki/etcd/peer.crt"), Evidence(finding, "disk sha256"));
    }

    [Fact]
    public async Task Run_EtcdReadingTheTreesFiles_ServesTheRenewalWithoutRestart()
    {
        // etcd reads its certificate files on every new connection: a renewal in place is served at once.
        var pki = Path.Combine(_dir.Path, "pki", "etcd");
        using var etcd = EtcdServer.StartWithFiles(Path.Combine(pki, "server.crt"), Path.Combine(pki, "server.key"),
            Path.Combine(pki, "peer.crt"), Path.Combine(pki, "peer.key"), Path.Combine(pki, "ca.crt"));
        var (before, _) = await GatherAndRun(new() { ["etcd"] = Target(etcd.ClientPort) });
        Assert.Equal(TestPki.Sha256(_tree.Certificates[N.EtcdServer]), Assert.Single(before.Served).Result.Chain[0].FingerprintSha256);

        using var renewed = RenewAll();
        var (after, report) = await GatherAndRun(new() { ["etcd"] = Target(etcd.ClientPort) });

        Assert.Equal(TestPki.Sha256(renewed.Renewed[N.EtcdServer]), Assert.Single(after.Served).Result.Chain[0].FingerprintSha256);
        Assert.DoesNotContain(report.Findings, f => f.Id == FindingIds.StaleServingCertificate);
    }

    [Fact]
    public async Task Run_RenewedAndRestarted_NoFindingAtWarningOrAbove()
    {
        using var renewed = RenewAll();
        using var etcd = EtcdServer.Start(renewed.Renewed[N.EtcdServer], _tree.Certificates[N.EtcdCa], renewed.Renewed[N.EtcdPeer]);
        using var nginx = NginxServer.Start([new NginxSite("api", null, [renewed.Renewed[N.Apiserver]])]);
        // controller-manager and scheduler restarted after the renewal: they made their certificates then.
        var (kcmLeaf, kcmCa) = ClientGoSelfSigned.Create(_now.AddHours(-20));
        var (schedulerLeaf, schedulerCa) = ClientGoSelfSigned.Create(_now.AddHours(-20));
        using var kcm = OpensslServer.Start([kcmLeaf, kcmCa]);
        using var scheduler = OpensslServer.Start([schedulerLeaf, schedulerCa]);

        var (inputs, report) = await GatherAndRun(new()
        {
            ["apiserver"] = Target(nginx.Port("api")),
            ["etcd"] = Target(etcd.ClientPort),
            ["etcd-peer"] = Target(etcd.PeerPort),
            ["controller-manager"] = Target(kcm.Port),
            ["scheduler"] = Target(scheduler.Port),
        });

        Assert.Equal(5, inputs.Served.Count(s => s.Result.Chain.Count > 0));
        Assert.DoesNotContain(report.Findings, f => f.Severity >= FindingSeverity.Warning);
        Assert.DoesNotContain(report.Skipped, s => s.Check is "stale-serving" or "component-start" && s.Subject != "apiserver");
        foreach (var d in new IDisposable[] { kcmLeaf, kcmCa, schedulerLeaf, schedulerCa }) d.Dispose();
    }

    [Fact]
    public async Task Run_ComponentEndpointOnClosedPort_ComponentNotAnsweringInsteadOfAComparison()
    {
        using var closed = TcpPorts.Closed(); // nobody listens there until the test ends

        var (inputs, report) = await GatherAndRun(new() { ["etcd"] = Target(closed.Port) });

        Assert.Empty(Assert.Single(inputs.Served, s => s.Component == "etcd").Result.Chain);
        Assert.DoesNotContain(report.Findings, f => f.Id == FindingIds.StaleServingCertificate);
        var finding = Assert.Single(report.Findings, f => f.Id == FindingIds.ComponentNotAnswering);
        Assert.Equal(("etcd", FindingSeverity.Critical), (finding.Subject, finding.Severity));
        Assert.Contains($"127.0.0.1:{closed.Port}", finding.Summary, StringComparison.Ordinal);
    }

    private static EndpointTarget Target(int port) => new("127.0.0.1", port, null);

    private async Task<(DoctorInputs Inputs, DoctorReport Report)> GatherAndRun(Dictionary<string, EndpointTarget> overrides)
    {
        var gatherer = new DoctorGatherer(ITlsHandshaker.Default, new FixedTimeProvider(_now));
        var inputs = await gatherer.GatherAsync(new DoctorRequest { KubeadmRoot = _dir.Path, ComponentOverrides = overrides }, CancellationToken.None);
        return (inputs, DoctorChecks.Run(inputs));
    }

    /// <summary>Runs the finding's fingerprint comparison (its first verify step) with bash against this tree, as it would run on the node.</summary>
    private string VerifyOutcome(Finding finding)
    {
        var (code, output) = RunbookShell.Run(finding.Runbook.Verify[0].Command!, _dir.Path);
        Assert.Equal(0, code);
        return output.Contains("does NOT serve", StringComparison.Ordinal) ? "does NOT serve" : output.Contains(" serves ", StringComparison.Ordinal) ? "serves" : output;
    }

    private string DiskSha256(string relative)
    {
        using var disk = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(_dir.Path, relative));
        return TestPki.Sha256(disk);
    }

    private static string Evidence(Finding finding, string label) =>
        Assert.Single(finding.Evidence, e => e.Label == label).Value;
}
