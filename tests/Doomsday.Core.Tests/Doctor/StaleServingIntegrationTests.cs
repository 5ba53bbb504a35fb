using System.Security.Cryptography.X509Certificates;
using Doomsday.Core.Doctor;
using Doomsday.Core.Pki;
using Doomsday.Core.Sources.Endpoints;
using Doomsday.Core.Tests.Support;
using Xunit;

namespace Doomsday.Core.Tests.Doctor;

/// <summary>
/// Acceptance tests for seed 001 against real servers on 127.0.0.1: a real etcd (which demands client
/// certificates) and nginx standing in for the API server, serving either an older certificate of the
/// same profile than the kubeadm tree holds, or exactly the file on disk. The tree is a copy (not
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
            Now = _now,
            KeyAlgorithm = KubeadmKeyAlgorithm.EcdsaP256,
            DistinctKeys = true,
        });
    }

    public void Dispose()
    {
        _tree.Dispose();
        _dir.Dispose();
    }

    private CertificateValidity Old => CertificateValidity.Around(_now, TimeSpan.FromDays(365), TimeSpan.FromDays(2));

    [Fact]
    public async Task Run_EtcdServesOlderCertificateThanDisk_ReportsStaleServingWithFingerprintsAndRunbook()
    {
        using var old = _tree.Issue("etcd-server", Old);
        using var etcd = EtcdServer.Start(old, _tree.Certificates["etcd-ca"]);

        var (inputs, report) = await GatherAndRun(new() { ["etcd"] = new EndpointTarget("127.0.0.1", etcd.ClientPort, null) });

        // etcd demands a client certificate; over TLS 1.3 it sends its own before asking, so the chain
        // is captured although doctor presents none (here the handshake even reports success).
        var served = Assert.Single(inputs.Served, s => s.Component == "etcd");
        Assert.NotEmpty(served.Result.Chain);
        var finding = Assert.Single(report.Findings, f => f.Id == FindingIds.StaleServingCertificate);
        Assert.Equal("etcd", finding.Subject);
        Assert.Equal(FindingSeverity.Critical, finding.Severity); // the served one expires in 2 days
        Assert.Equal(TestPki.Sha256(old), Evidence(finding, "served sha256"));
        Assert.Equal(DiskSha256("pki/etcd/server.crt"), Evidence(finding, "disk sha256"));
        Assert.NotEqual(Evidence(finding, "served sha256"), Evidence(finding, "disk sha256"));
        Assert.Contains(finding.Runbook.Steps, s => s.Command?.Contains("/etc/kubernetes/manifests/etcd.yaml", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Run_ApiserverServesOlderCertificateThanDisk_ReportsStaleServingWithFingerprintsAndRunbook()
    {
        using var old = _tree.Issue("apiserver", Old);
        using var nginx = NginxServer.Start([new NginxSite("api", null, [old])]);

        var (inputs, report) = await GatherAndRun(new() { ["apiserver"] = new EndpointTarget("127.0.0.1", nginx.Port("api"), null) });

        Assert.NotEmpty(Assert.Single(inputs.Served, s => s.Component == "apiserver").Result.Chain);
        var finding = Assert.Single(report.Findings, f => f.Id == FindingIds.StaleServingCertificate);
        Assert.Equal("apiserver", finding.Subject);
        Assert.Equal(TestPki.Sha256(old), Evidence(finding, "served sha256"));
        Assert.Equal(DiskSha256("pki/apiserver.crt"), Evidence(finding, "disk sha256"));
        Assert.Contains(finding.Runbook.Steps, s => s.Command?.Contains("/etc/kubernetes/manifests/kube-apiserver.yaml", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Run_EtcdPeerPortServesOlderCertificate_ReportsOnlyEtcdPeerAgainstPeerCertFile()
    {
        using var oldPeer = _tree.Issue("etcd-peer", Old);
        using var etcd = EtcdServer.Start(_tree.Certificates["etcd-server"], _tree.Certificates["etcd-ca"], oldPeer);

        var (_, report) = await GatherAndRun(new()
        {
            ["etcd"] = new EndpointTarget("127.0.0.1", etcd.ClientPort, null),
            ["etcd-peer"] = new EndpointTarget("127.0.0.1", etcd.PeerPort, null),
        });

        var finding = Assert.Single(report.Findings, f => f.Id == FindingIds.StaleServingCertificate);
        Assert.Equal("etcd-peer", finding.Subject);
        Assert.Equal(TestPki.Sha256(oldPeer), Evidence(finding, "served sha256"));
        Assert.Equal(DiskSha256("pki/etcd/peer.crt"), Evidence(finding, "disk sha256"));
        Assert.Contains(finding.Runbook.Steps, s => s.Command?.Contains("/etc/kubernetes/manifests/etcd.yaml", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Run_ServersServeTheDiskCertificates_NoStaleServingFindingAndChainsCaptured()
    {
        using var etcd = EtcdServer.Start(_tree.Certificates["etcd-server"], _tree.Certificates["etcd-ca"]);
        using var nginx = NginxServer.Start([new NginxSite("api", null, [_tree.Certificates["apiserver"]])]);

        var (inputs, report) = await GatherAndRun(new()
        {
            ["etcd"] = new EndpointTarget("127.0.0.1", etcd.ClientPort, null),
            ["apiserver"] = new EndpointTarget("127.0.0.1", nginx.Port("api"), null),
        });

        Assert.Equal(DiskSha256("pki/etcd/server.crt"), Assert.Single(inputs.Served, s => s.Component == "etcd").Result.Chain[0].FingerprintSha256);
        Assert.Equal(DiskSha256("pki/apiserver.crt"), Assert.Single(inputs.Served, s => s.Component == "apiserver").Result.Chain[0].FingerprintSha256);
        Assert.DoesNotContain(report.Findings, f => f.Id == FindingIds.StaleServingCertificate);
        Assert.DoesNotContain(report.Skipped, s => s.Check == "stale-serving");
    }

    [Fact]
    public async Task Run_ComponentEndpointOnClosedPort_NoFindingAndSkippedCheck()
    {
        var closed = TcpPorts.Free();

        var (inputs, report) = await GatherAndRun(new() { ["etcd"] = new EndpointTarget("127.0.0.1", closed, null) });

        Assert.Empty(Assert.Single(inputs.Served, s => s.Component == "etcd").Result.Chain);
        Assert.DoesNotContain(report.Findings, f => f.Id == FindingIds.StaleServingCertificate);
        var skipped = Assert.Single(report.Skipped, s => s.Check == "stale-serving");
        Assert.Equal("etcd", skipped.Subject);
        Assert.Contains($"127.0.0.1:{closed}", skipped.Reason, StringComparison.Ordinal);
    }

    private async Task<(DoctorInputs Inputs, DoctorReport Report)> GatherAndRun(Dictionary<string, EndpointTarget> overrides)
    {
        var gatherer = new DoctorGatherer(ITlsHandshaker.Default, TimeProvider.System);
        var inputs = await gatherer.GatherAsync(new DoctorRequest { KubeadmRoot = _dir.Path, ComponentOverrides = overrides }, CancellationToken.None);
        return (inputs, DoctorChecks.Run(inputs));
    }

    private string DiskSha256(string relative)
    {
        using var disk = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(_dir.Path, relative));
        return TestPki.Sha256(disk);
    }

    private static string Evidence(Finding finding, string label) =>
        Assert.Single(finding.Evidence, e => e.Label == label).Value;
}
