using System.Net;
using System.Net.Sockets;
using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Endpoints;
using Doomsday.Core.Tests.Support;

namespace Doomsday.Core.Tests.Sources.Endpoints;

[Collection(NginxEndpointsCollection.Name)]
public sealed class SslStreamTlsHandshakerTests(NginxEndpointsFixture fixture)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);
    private readonly SslStreamTlsHandshaker _handshaker = new();

    [Fact]
    public async Task HandshakeAsync_LeafAndIntermediate_ReturnsBothInServerOrder()
    {
        var result = await _handshaker.HandshakeAsync(new EndpointTarget("127.0.0.1", fixture.Nginx.Port("chain"), null), Generous, CancellationToken.None);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(2, result.Chain.Count);
        Assert.Equal([fixture.Leaf.Subject, fixture.Intermediate.Subject], result.Chain.Select(c => c.Subject));
        Assert.Equal([fixture.Leaf.SerialNumber, fixture.Intermediate.SerialNumber], result.Chain.Select(c => c.SerialNumber));
        Assert.Equal([TestPki.Sha256(fixture.Leaf), TestPki.Sha256(fixture.Intermediate)], result.Chain.Select(c => c.FingerprintSha256));
        Assert.Equal("TLSv1.3", result.TlsVersion);
    }

    [Fact]
    public async Task HandshakeAsync_TlsOneTwoOnlyServer_ReportsTlsOneTwo()
    {
        var result = await _handshaker.HandshakeAsync(new EndpointTarget("127.0.0.1", fixture.Nginx.Port("tls12"), null), Generous, CancellationToken.None);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal("TLSv1.2", result.TlsVersion);
        Assert.Equal([TestPki.Sha256(fixture.Leaf), TestPki.Sha256(fixture.Intermediate)], result.Chain.Select(c => c.FingerprintSha256));
    }

    [Theory]
    [InlineData("chain", null)]
    [InlineData("expired", null)]
    [InlineData("sni", "b.test")]
    public async Task HandshakeAsync_AnyServer_MatchesOpensslSClient(string listener, string? sni)
    {
        var port = fixture.Nginx.Port(listener);
        var expected = OpensslClient.PresentedFingerprints(port, sni);

        var result = await _handshaker.HandshakeAsync(new EndpointTarget("127.0.0.1", port, sni), Generous, CancellationToken.None);

        Assert.NotEmpty(expected);
        Assert.Equal(expected, result.Chain.Select(c => c.FingerprintSha256));
    }

    [Theory]
    [InlineData("a.test", "CN=a.test")]
    [InlineData("b.test", "CN=b.test")]
    public async Task HandshakeAsync_SniName_GetsThatNamesCertificate(string sni, string subject)
    {
        var result = await _handshaker.HandshakeAsync(new EndpointTarget("127.0.0.1", fixture.Nginx.Port("sni"), sni), Generous, CancellationToken.None);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(subject, Assert.Single(result.Chain).Subject);
    }

    [Fact]
    public async Task HandshakeAsync_ClosedPort_ConnectRefused()
    {
        using var closed = TcpPorts.Closed(); // nobody listens there until the test ends

        var result = await _handshaker.HandshakeAsync(new EndpointTarget("127.0.0.1", closed.Port, null), Generous, CancellationToken.None);

        Assert.Equal(ReasonCodes.ConnectRefused, result.Reason);
        Assert.Empty(result.Chain);
        Assert.Contains($"127.0.0.1:{closed.Port}", result.Message);
    }

    [Fact]
    public async Task HandshakeAsync_ListenerThatNeverAnswers_TimesOut()
    {
        // The kernel completes the TCP handshake for a listening socket; nobody ever reads the ClientHello.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;

        var result = await _handshaker.HandshakeAsync(new EndpointTarget("127.0.0.1", port, null), TimeSpan.FromMilliseconds(500), CancellationToken.None);

        Assert.Equal(ReasonCodes.Timeout, result.Reason);
        Assert.Contains("500ms", result.Message);
        Assert.Contains("TLS handshake", result.Message);
        Assert.Empty(result.Chain);
    }

    [Fact]
    public async Task HandshakeAsync_UnknownName_DnsFailed()
    {
        var result = await _handshaker.HandshakeAsync(new EndpointTarget("no-such-host.invalid", 443, null), Generous, CancellationToken.None);

        Assert.Equal(ReasonCodes.DnsFailed, result.Reason);
        Assert.Contains("no-such-host.invalid", result.Message);
    }

    [Fact]
    public async Task HandshakeAsync_PlainHttpServerInsteadOfTls_TlsHandshakeFailedWithReason()
    {
        // A server that answers the ClientHello with garbage and hangs up.
        using var plain = new TcpListener(IPAddress.Loopback, 0);
        plain.Start();
        var port = ((IPEndPoint)plain.LocalEndpoint).Port;
        var serve = Task.Run(async () =>
        {
            using var client = await plain.AcceptTcpClientAsync();
            var stream = client.GetStream();
            _ = await stream.ReadAsync(new byte[1024]);
            await stream.WriteAsync("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"u8.ToArray());
        });

        var result = await _handshaker.HandshakeAsync(new EndpointTarget("127.0.0.1", port, null), Generous, CancellationToken.None);
        await serve;

        Assert.Equal(ReasonCodes.TlsHandshakeFailed, result.Reason);
        Assert.False(string.IsNullOrWhiteSpace(result.Message));
        Assert.DoesNotContain(" at ", result.Message); // no stack trace
        Assert.Empty(result.Chain);
    }

    [Theory]
    [InlineData("-tls1_2")]
    [InlineData("-tls1_3")]
    public async Task HandshakeAsync_ServerDemandsClientCertificate_StillReturnsChain(string protocol)
    {
        using var server = OpensslServer.StartRequiringClientCertificate([fixture.Leaf, fixture.Intermediate], protocol);

        var result = await _handshaker.HandshakeAsync(new EndpointTarget("127.0.0.1", server.Port, null), Generous, CancellationToken.None);

        Assert.Equal([TestPki.Sha256(fixture.Leaf), TestPki.Sha256(fixture.Intermediate)], result.Chain.Select(c => c.FingerprintSha256));
        if (protocol == "-tls1_2")
        {
            // The server aborts before .NET validates: the chain comes from the plaintext Certificate message.
            Assert.Equal(ReasonCodes.TlsHandshakeFailed, result.Reason);
        }
    }

    [Fact]
    public async Task HandshakeAsync_CallerCancels_Throws()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        using var cts = new CancellationTokenSource();
        var handshake = _handshaker.HandshakeAsync(new EndpointTarget("127.0.0.1", ((IPEndPoint)silent.LocalEndpoint).Port, null), Generous, cts.Token);
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => handshake);
    }
}
