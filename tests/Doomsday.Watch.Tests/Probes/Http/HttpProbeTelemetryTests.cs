using Doomsday.Watch.Probes;
using Doomsday.Watch.Probes.Http;

namespace Doomsday.Watch.Tests.Probes.Http;

/// <summary>What an http probe run measures for blackbox_exporter's families, against the real nginx of <see cref="HttpProbeFixture"/>.</summary>
public sealed class HttpProbeTelemetryTests(HttpProbeFixture f) : IClassFixture<HttpProbeFixture>
{
    private Task<ProbeResult> Run(HttpProbeOptions o) => new HttpProbe(o, f.Context).RunAsync(CancellationToken.None);

    private static HttpProbeOptions At(string url) => new() { Name = "shop", Url = url };

    [Fact]
    public async Task RunAsync_TwoRedirects_FollowedAndCountedWithTheFinalAnswersFigures()
    {
        var result = await Run(At(f.Plain("/hop1")));

        Assert.True(result.Success, result.Detail);
        var http = result.Telemetry.Http!;
        Assert.Equal((200, 2, 15L, 15L, 1.1, false), (http.Status, http.Redirects, http.ContentLength, http.BodyLength, http.Version, http.Ssl));
        Assert.Equal(4, result.Telemetry.Address!.IpProtocol);
        Assert.Equal(AddressTelemetry.Hash(System.Net.IPAddress.Loopback), result.Telemetry.Address.IpHash);
        Assert.Null(result.Telemetry.Tls);
        Assert.False(result.Telemetry.FailedDueToRegex);
    }

    [Fact]
    public async Task RunAsync_RedirectLoop_StopsAfterTenAsGoAndReportsTheRedirect()
    {
        var result = await Run(At(f.Plain("/loop")));

        Assert.Equal(ProbeReasonCodes.TooManyRedirects, result.ReasonCode);
        // Go's client stops at the 11th redirect and returns it; blackbox reports len(via) = 11.
        Assert.Equal((302, 11), (result.Telemetry.Http!.Status, result.Telemetry.Http.Redirects));
    }

    [Fact]
    public async Task RunAsync_RedirectNotFollowed_CountedAsBlackboxWithFollowRedirectsOff()
    {
        var result = await Run(At(f.Plain("/hop1")) with { Redirects = HttpRedirects.None, ExpectStatus = [302] });

        Assert.True(result.Success, result.Detail);
        Assert.Equal((302, 1), (result.Telemetry.Http!.Status, result.Telemetry.Http.Redirects));
    }

    [Fact]
    public async Task RunAsync_Https_TlsFiguresOfTheVerifiedChain()
    {
        var result = await Run(At(f.Tls("/ok")) with { Tls = new TlsClientOptions { Ca = f.CaFile, ServerName = "localhost" } });

        Assert.True(result.Success, result.Detail);
        var tls = result.Telemetry.Tls!;
        Assert.True(result.Telemetry.Http!.Ssl);
        Assert.Equal("TLS 1.3", tls.Version);
        Assert.Equal("shop", Assert.Single(tls.Chain).SubjectCommonName);
        // The verified chain is leaf and CA (from the configured trust): its earliest notAfter.
        Assert.Equal(tls.Chain[0].NotAfter, tls.VerifiedChainExpiry); // leaf and CA both end in a year; the leaf's is no later
        Assert.True(result.Telemetry.Http.TlsHandshake > TimeSpan.Zero);
    }

    [Fact]
    public async Task RunAsync_HttpsInsecureSkipVerify_ChainWithoutVerifiedExpiry()
    {
        var result = await Run(At(f.Tls("/ok")) with { Tls = new TlsClientOptions { InsecureSkipVerify = true } });

        Assert.True(result.Success, result.Detail);
        Assert.Equal(DateTimeOffset.MinValue, result.Telemetry.Tls!.VerifiedChainExpiry);
        Assert.Single(result.Telemetry.Tls.Chain);
    }

    [Fact]
    public async Task RunAsync_UntrustedCertificate_ChainRecordedStatusZero()
    {
        var result = await Run(At(f.Tls("/ok")) with { Tls = new TlsClientOptions { Ca = f.OtherCaFile, ServerName = "localhost" } });

        Assert.Equal(ProbeReasonCodes.CertUntrusted, result.ReasonCode);
        Assert.Equal((0, false), (result.Telemetry.Http!.Status, result.Telemetry.Http.Ssl));
        Assert.Equal("shop", Assert.Single(result.Telemetry.Tls!.Chain).SubjectCommonName);
        Assert.Null(result.Telemetry.Tls.Version);
        // blackbox adds connect and tls only for a connection that was made.
        Assert.Equal((TimeSpan.Zero, TimeSpan.Zero), (result.Telemetry.Http.Connect, result.Telemetry.Http.TlsHandshake));
    }

    [Fact]
    public async Task RunAsync_ClosedPort_StatusZeroAddressAsResolved()
    {
        using var closed = TcpPorts.Closed(); // nobody listens there until the test ends
        var result = await Run(At($"http://127.0.0.1:{closed.Port}/"));

        Assert.Equal(ProbeReasonCodes.ConnectRefused, result.ReasonCode);
        Assert.Equal((0, 0L, 0.0), (result.Telemetry.Http!.Status, result.Telemetry.Http.ContentLength, result.Telemetry.Http.Version));
        Assert.Equal(4, result.Telemetry.Address!.IpProtocol); // blackbox reports the resolved address, connected or not
    }

    [Fact]
    public async Task RunAsync_BodyRegexMismatch_FailedDueToRegex()
    {
        var result = await Run(At(f.Plain("/ok")) with { BodyRegex = "^nothing like it$" });

        Assert.Equal(ProbeReasonCodes.BodyMismatch, result.ReasonCode);
        Assert.True(result.Telemetry.FailedDueToRegex);
    }

    [Fact]
    public async Task RunAsync_LastModifiedHeader_Reported()
    {
        var result = await Run(At(f.Plain("/modified")));

        Assert.Equal(new DateTimeOffset(2015, 10, 21, 7, 28, 0, TimeSpan.Zero), result.Telemetry.Http!.LastModified);
    }
}
