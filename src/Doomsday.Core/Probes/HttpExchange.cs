using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

namespace Doomsday.Core.Probes;

/// <summary>
/// One HTTP request of an HTTP-based probe, with the failures turned into reason codes and the timings
/// blackbox_exporter reports (<see cref="HttpTelemetry"/>). Redirects are followed here (at most
/// <see cref="MaxRedirects"/>, as blackbox's Go client: 301/302/303 turn into GET, 307/308 keep the
/// method; credentials are not carried to another host), each hop on a fresh connection timed by its
/// <see cref="ProbeConnection"/>. Reads at most <see cref="MaxBodyBytes"/> of the body (a health endpoint
/// that streams gigabytes must not cost memory). Throws only <see cref="OperationCanceledException"/>,
/// when the caller cancels.
/// </summary>
internal static class HttpExchange
{
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>blackbox's limit (<c>CheckRedirect</c>: more than 10 is not followed).</summary>
    public const int MaxRedirects = 10;

    /// <summary>Where ProbeHttpHandlers finds the connection record of a request.</summary>
    public static readonly HttpRequestOptionsKey<ProbeConnection> ConnectionKey = new("doomsday.probe-connection");

    public sealed record Response(int Status, string Body, bool Truncated);

    /// <summary>
    /// <paramref name="Response"/> null: the request failed with <paramref name="Reason"/>. <paramref name="Telemetry"/>
    /// holds what was measured either way (HTTP figures with status 0 when no answer came).
    /// </summary>
    public sealed record Outcome(Response? Response, string? Reason, string? Detail, TimeSpan Duration)
    {
        public ProbeTelemetry Telemetry { get; init; } = ProbeTelemetry.None;
    }

    public static async Task<Outcome> SendAsync(ProbeHttpClient client, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var target = $"{request.Method} {Describe(request.RequestUri!)}";
        var first = request.RequestUri!;
        var trace = new Trace();
        var current = request;
        try
        {
            while (true)
            {
                var connection = new ProbeConnection { FirstHost = SameAuthority(current.RequestUri!, first) };
                current.Options.Set(ConnectionKey, connection);
                // A probe tests what a client meets: every run dials, handshakes and sends on a fresh connection
                // (blackbox_exporter does the same: keep-alives off). "Connection: close" makes the handler drop
                // the connection after the response instead of pooling it, whatever the probe's interval; a
                // short idle timeout would depend on the interval and still hold a TLS connection (its OpenSSL
                // state and buffers, ~60 KiB each) per target between runs.
                current.Headers.ConnectionClose = true;
                var sent = Stopwatch.GetTimestamp();
                HttpResponseMessage response;
                try
                {
                    response = await client.SendAsync(current, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    trace.Hop(connection);
                }
                using (response)
                {
                    var headers = Stopwatch.GetTimestamp();
                    trace.Processing += Stopwatch.GetElapsedTime(connection.ReadyAt != 0 ? connection.ReadyAt : sent, headers);
                    if (NextHop(current, response, trace.Redirects) is { } next)
                    {
                        trace.Redirects++;
                        if (!ReferenceEquals(current, request)) current.Dispose();
                        current = next;
                        continue;
                    }
                    if (IsRedirect(response.StatusCode) && response.Headers.Location is not null) trace.Redirects++; // the one not followed, as Go counts it
                    var (body, truncated, length) = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
                    trace.Transfer = Stopwatch.GetElapsedTime(headers);
                    var status = (int)response.StatusCode;
                    var http = trace.Http(response, length);
                    return new Outcome(new Response(status, body, truncated), null, null, Stopwatch.GetElapsedTime(started))
                    {
                        Telemetry = trace.Telemetry(http),
                    };
                }
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException or ProbeTlsRejection or AuthenticationException && !cancellationToken.IsCancellationRequested)
        {
            var (reason, detail) = Classify(e);
            if (reason == ProbeReasonCodes.ConnectionFailed && current.RequestUri!.Scheme == "https"
                && await ClientCertificateCheck.DiagnoseAsync(current.RequestUri, client.Material, cancellationToken).ConfigureAwait(false) is { } rejected)
            {
                (reason, detail) = (ProbeReasonCodes.TlsHandshakeFailed, rejected);
            }
            return new Outcome(null, reason, $"{target}: {detail}", Stopwatch.GetElapsedTime(started))
            {
                Telemetry = trace.Telemetry(trace.Http(null, 0)),
            };
        }
        finally
        {
            if (!ReferenceEquals(current, request)) current.Dispose();
        }
    }

    private static bool IsRedirect(HttpStatusCode status) => (int)status is 301 or 302 or 303 or 307 or 308;

    /// <summary>The request that follows a redirect, as Go's client makes it; null when there is none to follow.</summary>
    private static HttpRequestMessage? NextHop(HttpRequestMessage current, HttpResponseMessage response, int followed)
    {
        if (!IsRedirect(response.StatusCode) || response.Headers.Location is not { } location || followed >= MaxRedirects) return null;
        var uri = location.IsAbsoluteUri ? location : new Uri(current.RequestUri!, location);
        if (uri.Scheme is not ("http" or "https")) return null;
        var status = (int)response.StatusCode;
        // Go (net/http redirectBehavior): 301/302 turn a non-GET/HEAD into GET, 303 turns anything but HEAD into GET.
        var method = status switch
        {
            301 or 302 when current.Method != HttpMethod.Get && current.Method != HttpMethod.Head => HttpMethod.Get,
            303 when current.Method != HttpMethod.Head => HttpMethod.Get,
            _ => current.Method,
        };
        var next = new HttpRequestMessage(method, uri);
        var sameHost = string.Equals(uri.IdnHost, current.RequestUri!.IdnHost, StringComparison.OrdinalIgnoreCase);
        foreach (var header in current.Headers)
        {
            // Go drops credentials and cookies when the redirect leaves the host; the Host header only fits its own host.
            if (header.Key.Equals("Host", StringComparison.OrdinalIgnoreCase) && !SameAuthority(uri, current.RequestUri!)) continue;
            if (!sameHost && header.Key is "Authorization" or "Cookie" or "Cookie2" or "WWW-Authenticate") continue;
            next.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        return next;
    }

    private static bool SameAuthority(Uri a, Uri b) =>
        string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port && a.Scheme == b.Scheme;

    private static async Task<(string Body, bool Truncated, long Length)> ReadBodyAsync(HttpResponseMessage response, CancellationToken ct)
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
        return (Encoding.UTF8.GetString(collected.GetBuffer(), 0, length), truncated, collected.Length);
    }

    /// <summary>The phases of every hop, summed as blackbox sums them, and what the final hop's connection saw.</summary>
    private sealed class Trace
    {
        private ProbeConnection? _first;
        private ProbeConnection? _last;
        private TimeSpan _resolve, _connect, _tls;

        public TimeSpan Processing { get; set; }
        public TimeSpan Transfer { get; set; }
        public int Redirects { get; set; }

        /// <summary>A hop's connection: connect and TLS count only when the connection was made, as blackbox skips a hop without one.</summary>
        public void Hop(ProbeConnection connection)
        {
            _first ??= connection;
            _last = connection;
            _resolve += connection.Lookup;
            if (!connection.Established) return;
            _connect += connection.Connect;
            _tls += connection.Handshake;
        }

        public HttpTelemetry Http(HttpResponseMessage? response, long bodyLength) => new()
        {
            Resolve = _resolve,
            Connect = _connect,
            TlsHandshake = _tls,
            Processing = Processing,
            Transfer = Transfer,
            Status = response is null ? 0 : (int)response.StatusCode,
            ContentLength = response is null ? 0 : response.Content.Headers.ContentLength ?? -1,
            BodyLength = bodyLength,
            Redirects = Redirects,
            Ssl = response is not null && _last is { Tls: true },
            Version = response is null ? 0 : response.Version.Major + response.Version.Minor / 10.0,
            LastModified = response?.Content.Headers.LastModified,
        };

        /// <summary>The address as the first hop resolved it (blackbox resolves the target once, before the request); TLS of the final hop.</summary>
        public ProbeTelemetry Telemetry(HttpTelemetry http) => new()
        {
            Address = _first?.Address,
            Http = http,
            Tls = _last?.TlsResult(),
        };
    }

    /// <summary>The URL without user info or query values that might carry secrets.</summary>
    public static string Describe(Uri uri) => uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);

    /// <summary><see cref="Describe(Uri)"/> of a URL as configured; the text itself when it is not an absolute URL.</summary>
    public static string DescribeUrl(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? Describe(uri) : url;

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
