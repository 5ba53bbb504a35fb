using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Doomsday.Core.Sources.Endpoints;

namespace Doomsday.Watch.Probes;

/// <summary>
/// Tells "the server refused our client certificate" apart from a plain broken connection. In TLS 1.3
/// the server judges the client certificate after the client has finished its handshake, so the
/// refusal reaches the client as an alert on the first read — or, racing with it, as a reset on the
/// first write (both seen against etcd 3.4). A TLS 1.2 handshake, where the client certificate is
/// judged inside the handshake, gives the answer unambiguously; it is tried only after such a failure.
/// </summary>
internal static class ClientCertificateCheck
{
    /// <returns>The server's refusal, or null when a TLS 1.2 handshake with the same certificate succeeds or says nothing about it.</returns>
    public static async Task<string?> DiagnoseAsync(Uri uri, TlsMaterial material, CancellationToken cancellationToken)
    {
        try
        {
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(uri.IdnHost.Trim('[', ']'), uri.Port, cancellationToken).ConfigureAwait(false);
            await using var tls = new SslStream(new NetworkStream(socket, ownsSocket: false));
            var options = new SslClientAuthenticationOptions
            {
                TargetHost = material.ServerName ?? uri.IdnHost,
                EnabledSslProtocols = SslProtocols.Tls12,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                RemoteCertificateValidationCallback = (_, _, _, _) => true, // only the client side is in question here
            };
            if (material.ClientCertificate is { } client)
            {
                options.ClientCertificateContext = SslStreamCertificateContext.Create(client, material.ClientChain, offline: true);
            }
            await tls.AuthenticateAsClientAsync(options, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (e is AuthenticationException or IOException && !cancellationToken.IsCancellationRequested)
        {
            var text = HttpExchange.Explain(e);
            if (!text.Contains("alert", StringComparison.OrdinalIgnoreCase) && !text.Contains("certificate", StringComparison.OrdinalIgnoreCase)) return null;
            var what = material.ClientCertificate is null ? "the server demands a client certificate and none is configured" : "the server refused the client certificate";
            return $"{what} ({TlsFailures.Describe(e)})";
        }
        catch (SocketException)
        {
            return null;
        }
    }
}
