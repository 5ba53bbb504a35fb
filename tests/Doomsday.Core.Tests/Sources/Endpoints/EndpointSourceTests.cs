using System.Net;
using System.Net.Sockets;
using Doomsday.Core.Certificates;
using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Endpoints;
using Doomsday.Core.Tests.Support;

namespace Doomsday.Core.Tests.Sources.Endpoints;

[Collection(NginxEndpointsCollection.Name)]
public sealed class EndpointSourceTests(NginxEndpointsFixture fixture)
{
    private static readonly ScanOptions Options = new() { EndpointTimeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task CollectAsync_ChainEndpoint_EmitsEachCertificateWithIndexAndTlsVersion()
    {
        var port = fixture.Nginx.Port("chain");
        var sink = new OrderedSink();

        await new EndpointSource([$"127.0.0.1:{port}"], Options).CollectAsync(sink, CancellationToken.None);

        Assert.Empty(sink.Errors);
        var found = sink.Certificates.ToList();
        Assert.Equal([new EndpointSourceRef("127.0.0.1", port, null, 0), new EndpointSourceRef("127.0.0.1", port, null, 1)], found.Select(f => f.Source));
        Assert.Equal([TestPki.Sha256(fixture.Leaf), TestPki.Sha256(fixture.Intermediate)], found.Select(f => f.Certificate.FingerprintSha256));
        Assert.All(found, f => Assert.Equal("TLSv1.3", f.TlsVersion));
        Assert.All(found, f => Assert.Null(f.Name));
    }

    [Fact]
    public async Task CollectAsync_ExpiredCertificate_ClassifiedExpired()
    {
        var sink = new OrderedSink();

        await new EndpointSource([$"127.0.0.1:{fixture.Nginx.Port("expired")}"], Options).CollectAsync(sink, CancellationToken.None);

        var found = Assert.Single(sink.Certificates);
        Assert.Equal(TestPki.Sha256(fixture.Expired), found.Certificate.FingerprintSha256);
        Assert.Equal(Severity.Expired, EvaluatedCertificate.Evaluate(found, Thresholds.Default, NginxEndpointsFixture.Now).Severity);
    }

    [Fact]
    public async Task CollectAsync_SniOption_SentAndRecorded()
    {
        var port = fixture.Nginx.Port("sni");
        var sink = new OrderedSink();

        await new EndpointSource([$"127.0.0.1:{port},sni=b.test"], Options).CollectAsync(sink, CancellationToken.None);

        var found = Assert.Single(sink.Certificates);
        Assert.Equal(TestPki.Sha256(fixture.SiteB), found.Certificate.FingerprintSha256);
        Assert.Equal(new EndpointSourceRef("127.0.0.1", port, "b.test", 0), found.Source);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:70000")]
    [InlineData("[::1]")]
    [InlineData("127.0.0.1:443,sni=")]
    public async Task CollectAsync_BadSpec_BadEndpointError(string spec)
    {
        var sink = new OrderedSink();

        await new EndpointSource([spec], Options).CollectAsync(sink, CancellationToken.None);

        var error = Assert.Single(sink.Items) as SourceError;
        Assert.NotNull(error);
        Assert.Equal(ReasonCodes.BadEndpoint, error.Reason);
        Assert.Contains(spec, error.Message);
    }

    [Fact]
    public async Task CollectAsync_RefusedPort_ConnectRefusedError()
    {
        using var closed = TcpPorts.Closed();
        var sink = new OrderedSink();

        await new EndpointSource([$"127.0.0.1:{closed.Port}"], Options).CollectAsync(sink, CancellationToken.None);

        var error = Assert.IsType<SourceError>(Assert.Single(sink.Items));
        Assert.Equal(ReasonCodes.ConnectRefused, error.Reason);
        Assert.Equal(new EndpointSourceRef("127.0.0.1", closed.Port, null), error.Source);
    }

    [Fact]
    public async Task CollectAsync_SilentListener_TimeoutError()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var sink = new OrderedSink();

        await new EndpointSource([$"127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}"], new ScanOptions { EndpointTimeout = TimeSpan.FromMilliseconds(300) })
            .CollectAsync(sink, CancellationToken.None);

        Assert.Equal(ReasonCodes.Timeout, Assert.IsType<SourceError>(Assert.Single(sink.Items)).Reason);
    }

    [Fact]
    public async Task CollectAsync_ServerDemandsClientCertificate_ChainWithoutError()
    {
        using var server = OpensslServer.StartRequiringClientCertificate([fixture.Leaf, fixture.Intermediate], "-tls1_2");
        var sink = new OrderedSink();

        await new EndpointSource([$"127.0.0.1:{server.Port}"], Options).CollectAsync(sink, CancellationToken.None);

        Assert.Empty(sink.Errors);
        Assert.Equal([TestPki.Sha256(fixture.Leaf), TestPki.Sha256(fixture.Intermediate)], sink.Certificates.Select(f => f.Certificate.FingerprintSha256));
    }

    [Fact]
    public async Task CollectAsync_ManyEndpoints_HandshakeConcurrentlyAndReportInGivenOrder()
    {
        // Six handshakes go through a proxy that lets none through until all six are connected:
        // handshaking one after another would leave the first waiting until its timeout.
        const int gated = 6;
        using var proxy = new GatedTcpProxy(fixture.Nginx.Port("sni"), gated);
        using var closed = TcpPorts.Closed();
        var refused = closed.Port;
        var names = new[] { "b.test", "a.test", "a.test", "b.test", "b.test", "a.test" };
        var specs = new List<string>();
        for (var i = 0; i < gated; i++)
        {
            specs.Add($"127.0.0.1:{proxy.Port},sni={names[i]}");
            if (i == 1) specs.Add("not-a-spec");
            if (i == 3) specs.Add($"127.0.0.1:{refused}");
        }
        var sink = new OrderedSink();

        await new EndpointSource(specs, Options).CollectAsync(sink, CancellationToken.None);

        Assert.Equal(gated, proxy.Forwarded);
        var expected = new List<string>();
        for (var i = 0; i < gated; i++)
        {
            expected.Add($"cert CN={names[i]} sni={names[i]}");
            if (i == 1) expected.Add(ReasonCodes.BadEndpoint);
            if (i == 3) expected.Add(ReasonCodes.ConnectRefused);
        }
        var actual = sink.Items.Select(item => item switch
        {
            FoundCertificate f => $"cert {f.Certificate.Subject} sni={((EndpointSourceRef)f.Source).Sni}",
            SourceError e => e.Reason,
            _ => "?",
        });
        Assert.Equal(expected, actual);
    }
}
