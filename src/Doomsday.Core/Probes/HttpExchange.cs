using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

namespace Doomsday.Core.Probes;

/// <summary>
/// One HTTP request of an HTTP-based probe, with the failures turned into reason codes. Reads at most
/// <see cref="MaxBodyBytes"/> of the body (a health endpoint that streams gigabytes must not cost
/// memory). Throws only <see cref="OperationCanceledException"/>, when the caller cancels.
/// </summary>
internal static class HttpExchange
{
    public const int MaxBodyBytes = 1024 * 1024;

    public sealed record Response(int Status, string Body, bool Truncated)
    {
        /// <summary>The <c>Location</c> header, resolved against the request's URL (redirects are not followed here).</summary>
        public Uri? Location { get; init; }
    }

    public sealed record Outcome(Response? Response, string? Reason, string? Detail, TimeSpan Duration);

    public static async Task<Outcome> SendAsync(ProbeHttpClient client, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var target = $"{request.Method} {Describe(request.RequestUri!)}";
        // A probe tests what a client meets: every run dials, handshakes and sends on a fresh connection
        // (blackbox_exporter does the same: keep-alives off). "Connection: close" makes the handler drop
        // the connection after the response instead of pooling it, whatever the probe's interval; a
        // short idle timeout would depend on the interval and still hold a TLS connection (its OpenSSL
        // state and buffers, ~60 KiB each) per target between runs.
        request.Headers.ConnectionClose = true;
        try
        {
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var (body, truncated) = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
            var location = response.Headers.Location is { } l ? (l.IsAbsoluteUri ? l : new Uri(request.RequestUri!, l)) : null;
            return new Outcome(new Response((int)response.StatusCode, body, truncated) { Location = location }, null, null, Stopwatch.GetElapsedTime(started));
        }
        catch (Exception e) when (e is HttpRequestException or IOException or ProbeTlsRejection or AuthenticationException && !cancellationToken.IsCancellationRequested)
        {
            var (reason, detail) = Classify(e);
            if (reason == ProbeReasonCodes.ConnectionFailed && request.RequestUri!.Scheme == "https"
                && await ClientCertificateCheck.DiagnoseAsync(request.RequestUri, client.Material, cancellationToken).ConfigureAwait(false) is { } rejected)
            {
                (reason, detail) = (ProbeReasonCodes.TlsHandshakeFailed, rejected);
            }
            return new Outcome(null, reason, $"{target}: {detail}", Stopwatch.GetElapsedTime(started));
        }
    }

    private static async Task<(string Body, bool Truncated)> ReadBodyAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        var buffer = new byte[Math.Min(MaxBodyBytes + 1, 64 * 1024)];
        using var collected = new MemoryStream();
        while (collected.Length <= MaxBodyBytes)
        {
            var read = await stream.ReadAsync(buffer, ct).ConfigureAwait(false);
            if (read == 0) break;
            collected.Write(buffer, 0, read);
        }
        var truncated = collected.Length > MaxBodyBytes;
        var length = (int)Math.Min(collected.Length, MaxBodyBytes);
        return (Encoding.UTF8.GetString(collected.GetBuffer(), 0, length), truncated);
    }

    /// <summary>The URL without user info or query values that might carry secrets.</summary>
    public static string Describe(Uri uri) => uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);

    internal static (string Reason, string Detail) Classify(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is ProbeTlsRejection rejected) return (rejected.ReasonCode, rejected.Message);
        }
        var socket = Find<SocketException>(e)?.SocketErrorCode;
        if (e is HttpRequestException h)
        {
            // A handshake done in the handler's ConnectCallback (ProbeHttpHandlers, for serverName) fails
            // as SecureConnectionError inside the ConnectionError the handler wraps it in.
            var error = HasSecureConnectionError(e) ? HttpRequestError.SecureConnectionError : h.HttpRequestError;
            switch (error)
            {
                case HttpRequestError.NameResolutionError:
                    return (ProbeReasonCodes.DnsFailed, Explain(e));
                case HttpRequestError.ConnectionError:
                    return socket switch
                    {
                        SocketError.ConnectionRefused => (ProbeReasonCodes.ConnectRefused, "connection refused"),
                        SocketError.TimedOut => (ProbeReasonCodes.Timeout, "connect timed out"),
                        SocketError.HostUnreachable or SocketError.NetworkUnreachable => (ProbeReasonCodes.Unreachable, Explain(e)),
                        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => (ProbeReasonCodes.DnsFailed, Explain(e)),
                        _ => (ProbeReasonCodes.ConnectionFailed, Explain(e)),
                    };
                case HttpRequestError.SecureConnectionError:
                    return (ProbeReasonCodes.TlsHandshakeFailed, Explain(e));
            }
        }
        // TLS 1.3: the server judges the client certificate after the client's handshake is done, so
        // a rejected certificate surfaces as an alert on the first read: on Linux an internal OpenSSL
        // exception ("SSL routines::sslv3 alert bad certificate"), seen against etcd 3.4.
        if (Find<AuthenticationException>(e) is not null || IsTlsAlert(e)) return (ProbeReasonCodes.TlsHandshakeFailed, Explain(e));
        return (ProbeReasonCodes.ConnectionFailed, Explain(e));
    }

    private static bool HasSecureConnectionError(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError }) return true;
        }
        return false;
    }

    private static bool IsTlsAlert(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x.GetType().Name.Contains("Ssl", StringComparison.Ordinal) || x.Message.Contains("SSL routines", StringComparison.Ordinal)) return true;
        }
        return false;
    }

    private static T? Find<T>(Exception e) where T : Exception
    {
        for (var x = e; x is not null; x = x.InnerException) if (x is T t) return t;
        return null;
    }

    /// <summary>The useful part of the exception chain, never a stack trace.</summary>
    internal static string Explain(Exception e)
    {
        var parts = new List<string>();
        for (var x = e; x is not null; x = x.InnerException)
        {
            var m = x.Message.Trim();
            if (m.Contains("see inner exception", StringComparison.OrdinalIgnoreCase)) continue;
            if (m.Length > 0 && !parts.Contains(m)) parts.Add(m);
        }
        return parts.Count == 0 ? e.GetType().Name : string.Join(": ", parts);
    }
}
