using Doomsday.Watch.Probes;
using Doomsday.Watch.Probes.Etcd;

namespace Doomsday.Watch.Tests.Probes.Etcd;

/// <summary>The etcd probe against Debian's etcd 3.4 with client and peer TLS on 127.0.0.1.</summary>
public sealed class EtcdProbeTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly TempDir _dir = new();
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 _ca;
    private readonly ProbeContext _context = new(TimeProvider.System);

    public EtcdProbeTests()
    {
        _ca = TestPki.CreateCa("etcd-ca", Now.AddDays(-1), Now.AddYears(1));
    }

    private TlsClientOptions ClientTls(System.Security.Cryptography.X509Certificates.X509Certificate2 issuer, string name)
    {
        var client = CertFactory.Create(new CertSpec
        {
            Subject = "CN=kube-apiserver-etcd-client",
            KeyType = "p256",
            NotBefore = Now.AddDays(-1),
            NotAfter = Now.AddYears(1),
            Eku = ["1.3.6.1.5.5.7.3.2"], // clientAuth: etcd checks it
        }, issuer);
        var dir = _dir.Path;
        File.WriteAllText(Path.Combine(dir, name + ".crt"), client.ExportCertificatePem());
        File.WriteAllText(Path.Combine(dir, name + ".key"), CertFactory.KeyPem(client));
        File.WriteAllText(Path.Combine(dir, "ca.crt"), _ca.ExportCertificatePem());
        return new TlsClientOptions { Ca = Path.Combine(dir, "ca.crt"), Cert = Path.Combine(dir, name + ".crt"), Key = Path.Combine(dir, name + ".key") };
    }

    private EtcdServer StartEtcd() =>
        EtcdServer.Start(TestPki.CreateServer("etcd", ["localhost"], Now.AddDays(-1), Now.AddYears(1), _ca), _ca);

    [Theory]
    [InlineData(null)]
    [InlineData("localhost")] // serverName: the handshake is then done in the handler's ConnectCallback (ProbeHttpHandlers)
    public async Task RunAsync_HealthyEtcdWithClientCertificate_Succeeds(string? serverName)
    {
        using var etcd = StartEtcd();
        var probe = new EtcdProbe(new EtcdProbeOptions { Name = "etcd", Url = $"https://127.0.0.1:{etcd.ClientPort}", Tls = ClientTls(_ca, "client") with { ServerName = serverName } }, _context);

        var result = await RunUntilSettledAsync(probe);

        Assert.True(result.Success, result.Detail);
        Assert.Equal(200, result.HttpStatus);
        Assert.Contains("/health", result.Detail);
    }

    [Fact]
    public async Task RunAsync_EtcdStopped_FailsWithConnectRefused()
    {
        var etcd = StartEtcd();
        var probe = new EtcdProbe(new EtcdProbeOptions { Name = "etcd", Url = $"https://127.0.0.1:{etcd.ClientPort}", Tls = ClientTls(_ca, "client") }, _context);
        Assert.True((await RunUntilSettledAsync(probe)).Success);

        etcd.Dispose();
        var result = await probe.RunAsync(CancellationToken.None);

        Assert.False(result.Success);
        Assert.Equal(ProbeReasonCodes.ConnectRefused, result.ReasonCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("localhost")]
    public async Task RunAsync_ClientCertificateFromAnotherCa_FailsWithTlsHandshakeFailed(string? serverName)
    {
        using var etcd = StartEtcd();
        var stranger = TestPki.CreateCa("not-the-etcd-ca", Now.AddDays(-1), Now.AddYears(1));
        var probe = new EtcdProbe(new EtcdProbeOptions { Name = "etcd", Url = $"https://127.0.0.1:{etcd.ClientPort}", Tls = ClientTls(stranger, "stranger") with { ServerName = serverName } }, _context);

        var result = await probe.RunAsync(CancellationToken.None);

        Assert.False(result.Success);
        Assert.True(result.ReasonCode == ProbeReasonCodes.TlsHandshakeFailed, result.Detail);
        Assert.DoesNotContain("PRIVATE KEY", result.Detail);
    }

    [Fact]
    public async Task RunAsync_NoClientCertificate_FailsWithTlsHandshakeFailed()
    {
        using var etcd = StartEtcd();
        var tls = ClientTls(_ca, "client") with { Cert = null, Key = null };
        var probe = new EtcdProbe(new EtcdProbeOptions { Name = "etcd", Url = $"https://127.0.0.1:{etcd.ClientPort}", Tls = tls }, _context);

        var result = await probe.RunAsync(CancellationToken.None);

        Assert.True(result.ReasonCode == ProbeReasonCodes.TlsHandshakeFailed, result.Detail);
    }

    [Theory]
    [InlineData("{\"health\":\"false\",\"reason\":\"RAFT NO LEADER\"}", "false", "RAFT NO LEADER")]
    [InlineData("{\"health\":\"false\"}", "false", null)] // etcd 3.4 sends no reason
    [InlineData("not json", null, null)]
    public void Parse_Bodies_ReadsHealthAndReason(string body, string? health, string? reason)
    {
        Assert.Equal((health, reason), EtcdProbe.Parse(body));
    }

    /// <summary>etcd accepts TCP before it has elected itself leader; /health answers 503 until then.</summary>
    private static async Task<ProbeResult> RunUntilSettledAsync(EtcdProbe probe)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var result = await probe.RunAsync(CancellationToken.None);
            if (result.Success || DateTime.UtcNow > deadline) return result;
            if (result.HttpStatus != 503) return result;
        }
    }

    public void Dispose()
    {
        _context.Http.Dispose();
        _dir.Dispose();
    }
}
