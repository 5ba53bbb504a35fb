using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Doomsday.Core.Sources.Endpoints;
using Doomsday.Core.Tests.Support;

namespace Doomsday.Core.Tests.Sources.Endpoints;

/// <summary>Failed handshakes said plainly: real failures against real peers, and the exception texts .NET and OpenSSL give on Linux.</summary>
public sealed class TlsFailuresTests
{
    [Theory]
    [InlineData("Authentication failed because the remote party sent a TLS alert: 'HandshakeFailure'.", "the server refused the handshake with the TLS alert 'handshake failure' (no TLS version or cipher in common, or it requires a client certificate)")]
    [InlineData("Authentication failed because the remote party sent a TLS alert: 'CertificateRequired'.", "the server refused the handshake with the TLS alert 'certificate required' (it wants a client certificate it trusts)")]
    [InlineData("Received an unexpected EOF or 0 bytes from the transport stream.", "the server closed the connection during the TLS handshake (it may require a client certificate, another TLS version or another server name)")]
    [InlineData("Cannot determine the frame size or a corrupted frame was received.", "the server did not answer with TLS (a plain-text service, such as HTTP, on that port?)")]
    public void Describe_SslStreamMessages_PlainReason(string message, string expected) =>
        Assert.Equal(expected, TlsFailures.Describe(new AuthenticationException("Authentication failed, see inner exception.", new IOException(message))));

    [Fact]
    public void Describe_OpenSslAlert_NamedWithoutErrorCodes()
    {
        var inner = new Exception("error:0A000412:SSL routines::sslv3 alert bad certificate");
        var e = new AuthenticationException("Authentication failed, see inner exception.", new Exception("SSL Handshake failed with OpenSSL error - SSL_ERROR_SSL.", inner));

        Assert.Equal("the server refused the handshake with the TLS alert 'bad certificate' (it wants a client certificate it trusts)", TlsFailures.Describe(e));
    }

    [Fact]
    public void Describe_Unknown_TheMessagesWithoutBoilerplate()
    {
        var e = new AuthenticationException("Authentication failed, see inner exception.", new Exception("something new."));

        Assert.Equal("the TLS handshake failed: something new", TlsFailures.Describe(e));
    }

    [Fact]
    public async Task HandshakeAsync_PlainHttpServer_SaysItIsNotTls()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var serve = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            var stream = client.GetStream();
            _ = await stream.ReadAtLeastAsync(new byte[4096], 1, throwOnEndOfStream: false);
            await stream.WriteAsync("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray());
        });

        var result = await ITlsHandshaker.Default.HandshakeAsync(new EndpointTarget("127.0.0.1", port, null), TimeSpan.FromSeconds(10), CancellationToken.None);
        await serve;

        Assert.Equal("tls_handshake_failed", result.Reason);
        Assert.Equal($"127.0.0.1:{port}: the server did not answer with TLS (a plain-text service, such as HTTP, on that port?)", result.Message);
    }
}
