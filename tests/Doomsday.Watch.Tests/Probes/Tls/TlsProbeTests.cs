using Doomsday.Watch.Probes;
using Doomsday.Watch.Probes.Http;
using Doomsday.Watch.Probes.Tls;

namespace Doomsday.Watch.Tests.Probes.Tls;

/// <summary>The tls probe against real nginx serving a good and an expired certificate from a private CA.</summary>
public sealed class TlsProbeTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly NginxServer _nginx;
    private readonly TempDir _dir = new();
    private readonly string _caFile;
    private readonly ProbeContext _context = new(TimeProvider.System);

    public TlsProbeTests()
    {
        var ca = TestPki.CreateCa("probe-ca", Now.AddYears(-2), Now.AddYears(1));
        _caFile = _dir.File("ca.crt", ca.ExportCertificatePem());
        _nginx = NginxServer.Start(
        [
            new NginxSite("good", null, [TestPki.CreateServer("good.example", ["good.example"], Now.AddDays(-1), Now.AddDays(60), ca)]),
            new NginxSite("expired", null, [TestPki.CreateServer("expired.example", ["expired.example"], Now.AddYears(-1), Now.AddDays(-3), ca)]),
        ]);
    }

    private TlsProbeOptions Options(string listener, TlsClientOptions? tls = null) =>
        new() { Name = listener, Address = $"127.0.0.1:{_nginx.Port(listener)}", Sni = $"{listener}.example", Tls = tls ?? new TlsClientOptions { Ca = _caFile } };

    private Task<ProbeResult> Run(string listener, TlsClientOptions? tls = null) =>
        new TlsProbe(Options(listener, tls), _context).RunAsync(CancellationToken.None);

    [Fact]
    public async Task RunAsync_ValidServedCertificate_SucceedsWithChainAndExpiryInDetail()
    {
        var result = await Run("good");

        Assert.True(result.Success, result.Detail);
        var leaf = Assert.Single(result.Chain);
        Assert.Equal("TLS 1.3", result.Telemetry.Tls!.Version);
        Assert.Equal(4, result.Telemetry.Address!.IpProtocol);
        Assert.Equal("good.example", leaf.SubjectCommonName);
        Assert.Contains("CN=good.example", result.Detail);
        Assert.Contains(leaf.NotAfter.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture), result.Detail);
    }

    [Fact]
    public async Task RunAsync_ExpiredServedCertificate_FailsWithCertExpiredAndKeepsChain()
    {
        var result = await Run("expired");

        Assert.Equal(ProbeReasonCodes.CertExpired, result.ReasonCode);
        Assert.Contains("CN=expired.example", result.Detail);
        Assert.Single(result.Chain);
        Assert.Null(result.Telemetry.Tls!.Version); // refused during the handshake, as blackbox with verification
    }

    [Fact]
    public async Task RunAsync_NoCaConfigured_VerifiesAgainstTheSystemStoreLikeBlackbox()
    {
        var result = await Run("good", new TlsClientOptions());

        Assert.Equal(ProbeReasonCodes.CertUntrusted, result.ReasonCode);
        Assert.Contains("system store", result.Detail);
        Assert.Single(result.Chain);
    }

    [Fact]
    public async Task RunAsync_WrongServerName_FailsWithCertUntrusted()
    {
        var result = await new TlsProbe(Options("good") with { Sni = "other.example" }, _context).RunAsync(CancellationToken.None);

        Assert.Equal(ProbeReasonCodes.CertUntrusted, result.ReasonCode);
    }

    [Fact]
    public async Task RunAsync_InsecureSkipVerifyOnExpired_HandshakeDoneButStillFailsOnExpiry()
    {
        var result = await Run("expired", new TlsClientOptions { InsecureSkipVerify = true });

        // Trust skipped, validity not: an expired served certificate is what a tls probe is for.
        Assert.Equal(ProbeReasonCodes.CertExpired, result.ReasonCode);
        Assert.Equal("TLS 1.3", result.Telemetry.Tls!.Version);
        Assert.Equal(DateTimeOffset.MinValue, result.Telemetry.Tls.VerifiedChainExpiry);
    }

    [Fact]
    public async Task RunAsync_ClockBeforeNotBefore_FailsWithCertNotYetValid()
    {
        var context = new ProbeContext(new FixedTimeProvider(Now.AddDays(-10)));
        var result = await new TlsProbe(Options("good"), context).RunAsync(CancellationToken.None);

        Assert.Equal(ProbeReasonCodes.CertNotYetValid, result.ReasonCode);
    }

    [Fact]
    public async Task RunAsync_ClosedPort_FailsWithConnectRefused()
    {
        using var closed = TcpPorts.Closed(); // nobody listens there until the test ends
        var result = await new TlsProbe(new TlsProbeOptions { Name = "x", Address = $"127.0.0.1:{closed.Port}" }, _context).RunAsync(CancellationToken.None);

        Assert.Equal(ProbeReasonCodes.ConnectRefused, result.ReasonCode);
        Assert.Empty(result.Chain);
        Assert.Null(result.Telemetry.Tls);
        Assert.Equal(4, result.Telemetry.Address!.IpProtocol);
    }

    [Fact]
    public async Task HttpProbe_ExpiredServedCertificateWithTrustedCa_FailsWithCertExpired()
    {
        var options = new HttpProbeOptions
        {
            Name = "expired-https",
            Url = $"https://127.0.0.1:{_nginx.Port("expired")}/",
            Tls = new TlsClientOptions { Ca = _caFile, ServerName = "expired.example" },
        };
        var result = await new HttpProbe(options, _context).RunAsync(CancellationToken.None);

        Assert.Equal(ProbeReasonCodes.CertExpired, result.ReasonCode);
    }

    public void Dispose()
    {
        _context.Http.Dispose();
        _nginx.Dispose();
        _dir.Dispose();
    }
}
