using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Doomsday.Core.Certificates;
using Doomsday.Core.Inventory;

namespace Doomsday.Core.Sources.Endpoints;

/// <summary>
/// <see cref="ITlsHandshaker"/> over <see cref="SslStream"/>. The presented chain is taken from the
/// validation callback: on Linux (OpenSSL) <c>chain.ChainPolicy.ExtraStore</c> holds exactly what the
/// peer sent, leaf first and in the server's order — verified against nginx serving leaf+root+intermediate
/// out of order, where <c>ChainElements</c> would reorder and add trust-store roots, so it is not used.
/// When the server aborts a TLS 1.2 handshake before .NET validates (it demands a client certificate),
/// the callback never runs; then the chain is read from the plaintext Certificate message the server sent.
/// </summary>
internal sealed class SslStreamTlsHandshaker : ITlsHandshaker
{
    // A server's first flight is a few KB; certificate chains beyond this are not real.
    private const int RecordLimit = 256 * 1024;

    public async Task<TlsHandshakeResult> HandshakeAsync(EndpointTarget target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var stage = Stage.Resolve;
        List<byte[]>? presented = null;
        RecordingStream? recording = null;

        TlsHandshakeResult Done(string? version, string? reason, string? message)
        {
            var raw = presented ?? (recording is null ? [] : PlaintextCertificateMessage.Find(recording.Recorded.Span));
            return Build(raw, version, reason, message, Stopwatch.GetElapsedTime(started));
        }

        try
        {
            var addresses = await ResolveAsync(target.Host, deadline.Token).ConfigureAwait(false);
            if (addresses.Length == 0) return Done(null, ReasonCodes.DnsFailed, $"{target.Host}: no address");

            stage = Stage.Connect;
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(addresses, target.Port, deadline.Token).ConfigureAwait(false);

            stage = Stage.Handshake;
            recording = new RecordingStream(new NetworkStream(socket, ownsSocket: false), RecordLimit);
            await using var tls = new SslStream(recording, leaveInnerStreamOpen: false);
            var options = new SslClientAuthenticationOptions
            {
                TargetHost = target.EffectiveSni ?? target.Host, // an IP address here sends no SNI
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                // Trust nothing, record everything: Doomsday reports on expired and self-signed chains too.
                RemoteCertificateValidationCallback = (_, leaf, chain, _) =>
                {
                    presented = Capture(leaf, chain);
                    return true;
                },
            };
            await tls.AuthenticateAsClientAsync(options, deadline.Token).ConfigureAwait(false);
            return Done(VersionName(tls.SslProtocol), null, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Done(null, ReasonCodes.Timeout, TimedOut(timeout, stage));
        }
        catch (Exception e) when (e is SocketException or IOException or AuthenticationException && !cancellationToken.IsCancellationRequested)
        {
            if (deadline.IsCancellationRequested)
            {
                return Done(null, ReasonCodes.Timeout, TimedOut(timeout, stage));
            }
            var (reason, message) = Classify(e, stage, target);
            return Done(null, reason, message);
        }
        finally
        {
            recording?.Dispose();
        }
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct)
    {
        if (IPAddress.TryParse(host, out var ip)) return [ip];
        // WaitAsync: the resolver may not honour cancellation everywhere, the timeout must hold anyway.
        return await Dns.GetHostAddressesAsync(host, ct).WaitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>The leaf, then the other certificates the peer sent, in its order; copies, since the objects die with the callback.</summary>
    internal static List<byte[]> Capture(X509Certificate? leaf, X509Chain? chain)
    {
        var result = new List<byte[]>();
        var extra = chain?.ChainPolicy.ExtraStore;
        if (leaf is not null) result.Add(leaf.GetRawCertData());
        if (extra is null) return result;
        for (var i = 0; i < extra.Count; i++)
        {
            var der = extra[i].RawData;
            // OpenSSL's peer chain starts with the leaf on the client side; do not count it twice.
            if (i == 0 && result.Count == 1 && der.AsSpan().SequenceEqual(result[0])) continue;
            result.Add(der);
        }
        return result;
    }

    private static TlsHandshakeResult Build(IReadOnlyList<byte[]> raw, string? version, string? reason, string? message, TimeSpan duration)
    {
        var chain = new List<CertificateInfo>(raw.Count);
        var decodeErrors = new List<string>();
        for (var i = 0; i < raw.Count; i++)
        {
            if (DerCertificateParser.TryParse(raw[i], out var info, out var error)) chain.Add(info!);
            else decodeErrors.Add($"#{i}: {error}");
        }
        return new TlsHandshakeResult(chain, version, reason, message, duration) { DecodeErrors = decodeErrors };
    }

    private static (string Reason, string Message) Classify(Exception e, Stage stage, EndpointTarget target)
    {
        var socketError = (e as SocketException ?? e.InnerException as SocketException)?.SocketErrorCode;
        var where = target.Host.Contains(':') ? $"[{target.Host}]:{target.Port}" : $"{target.Host}:{target.Port}";
        if (stage == Stage.Resolve) return (ReasonCodes.DnsFailed, $"{target.Host}: {e.Message}");
        if (stage == Stage.Connect)
        {
            return socketError switch
            {
                SocketError.ConnectionRefused => (ReasonCodes.ConnectRefused, $"{where}: connection refused"),
                SocketError.TimedOut => (ReasonCodes.Timeout, $"{where}: connect timed out"),
                _ => (ReasonCodes.Unreachable, $"{where}: {e.Message}"),
            };
        }
        return (ReasonCodes.TlsHandshakeFailed, $"{where}: {TlsFailures.Describe(e)}");
    }

    private static string? VersionName(SslProtocols p) => p switch
    {
#pragma warning disable SYSLIB0039 // old protocols are reported, not used
        SslProtocols.Tls => "TLSv1",
        SslProtocols.Tls11 => "TLSv1.1",
#pragma warning restore SYSLIB0039
        SslProtocols.Tls12 => "TLSv1.2",
        SslProtocols.Tls13 => "TLSv1.3",
        SslProtocols.None => null,
        _ => p.ToString(),
    };

    private static string TimedOut(TimeSpan timeout, Stage stage)
    {
        var limit = timeout.Milliseconds == 0 && timeout >= TimeSpan.FromSeconds(1) ? Durations.Format(timeout) : $"{(long)timeout.TotalMilliseconds}ms";
        return $"no answer within {limit} ({StageText(stage)})";
    }

    private static string StageText(Stage s) => s switch
    {
        Stage.Resolve => "resolving the name",
        Stage.Connect => "connecting",
        _ => "TLS handshake",
    };

    private enum Stage { Resolve, Connect, Handshake }
}
