using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Doomsday.Core.Sources.Endpoints;

namespace Doomsday.Watch.Probes;

/// <summary>
/// One HTTP request of an HTTP-based probe (redirects are the http probe's to follow: Http/HttpRedirects),
/// with the failures turned into reason codes and what blackbox_exporter measures of a round trip
/// (<see cref="Outcome.Telemetry"/>: the phases of its connection, timed by <see cref="ProbeConnection"/>, and
/// the answer's figures). Reads at most <see cref="MaxBodyBytes"/> of the body (a health endpoint that streams
/// gigabytes must not cost memory). Throws only <see cref="OperationCanceledException"/>, when the caller cancels.
/// </summary>
internal static class HttpExchange
{
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>Where ProbeHttpHandlers finds the connection record of a request.</summary>
    public static readonly HttpRequestOptionsKey<ProbeConnection> ConnectionKey = new("doomsday.probe-connection");

    public sealed record Response(int Status, string Body, bool Truncated)
    {
        /// <summary>The <c>Location</c> header, resolved against the request's URL (redirects are not followed here).</summary>
        public Uri? Location { get; init; }
    }

    /// <summary>
    /// <paramref name="Response"/> null: the request failed with <paramref name="Reason"/>. <see cref="Telemetry"/>
    /// holds what was measured either way (HTTP figures with status 0 when no answer came).
    /// </summary>
    public sealed record Outcome(Response? Response, string? Reason, string? Detail, TimeSpan Duration)
    {
        public ProbeTelemetry Telemetry { get; init; } = ProbeTelemetry.None;
    }

    /// <param name="firstHost">False for a redirect to another host than the probe's URL: <c>serverName</c> does not apply there (as blackbox).</param>
    public static async Task<Outcome> SendAsync(ProbeHttpClient client, HttpRequestMessage request, CancellationToken cancellationToken, bool firstHost = true)
    {
        var started = Stopwatch.GetTimestamp();
        // https://user:pass@host/ sends basic authentication, as blackbox_exporter (Go's net/http) does.
        Core.Secrets.UrlSecrets.SendAsBasicAuth(request);
        var target = $"{request.Method} {Describe(request.RequestUri!)}";
        var connection = new ProbeConnection { FirstHost = firstHost };
        request.Options.Set(ConnectionKey, connection);
        // A probe tests what a client meets: every run dials, handshakes and sends on a fresh connection
        // (blackbox_exporter does the same: keep-alives off). "Connection: close" makes the handler drop
        // the connection after the response instead of pooling it, whatever the probe's interval; a
        // short idle timeout would depend on the interval and still hold a TLS connection (its OpenSSL
        // state and buffers, ~60 KiB each) per target between runs.
        request.Headers.ConnectionClose = true;
        try
        {
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var headers = Stopwatch.GetTimestamp();
            var (body, truncated, length) = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
            var http = Figures(connection, response, length) with
            {
                Processing = Stopwatch.GetElapsedTime(connection.ReadyAt != 0 ? connection.ReadyAt : started, headers),
                Transfer = Stopwatch.GetElapsedTime(headers),
            };
            var location = response.Headers.Location is { } l ? (l.IsAbsoluteUri ? l : new Uri(request.RequestUri!, l)) : null;
            return new Outcome(new Response((int)response.StatusCode, body, truncated) { Location = location }, null, null, Stopwatch.GetElapsedTime(started))
            {
                Telemetry = Telemetry(connection, http),
            };
        }
        catch (Exception e) when (e is HttpRequestException or IOException or ProbeTlsRejection or AuthenticationException && !cancellationToken.IsCancellationRequested)
        {
            var (reason, detail) = Classify(e);
            if (reason == ProbeReasonCodes.ConnectionFailed && request.RequestUri!.Scheme == "https"
                && await ClientCertificateCheck.DiagnoseAsync(request.RequestUri, client.Material, cancellationToken).ConfigureAwait(false) is { } rejected)
            {
                (reason, detail) = (ProbeReasonCodes.TlsHandshakeFailed, rejected);
            }
            return new Outcome(null, reason, $"{target}: {detail}", Stopwatch.GetElapsedTime(started))
            {
                Telemetry = Telemetry(connection, Figures(connection, null, 0)),
            };
        }
    }

    /// <summary>
    /// One round trip's figures: connect and TLS count only for a connection that was made, as blackbox
    /// skips a round trip that got none.
    /// </summary>
    private static HttpTelemetry Figures(ProbeConnection connection, HttpResponseMessage? response, long bodyLength) => new()
    {
        Resolve = connection.Lookup,
        Connect = connection.Established ? connection.Connect : TimeSpan.Zero,
        TlsHandshake = connection.Established ? connection.Handshake : TimeSpan.Zero,
        Status = response is null ? 0 : (int)response.StatusCode,
        ContentLength = response is null ? 0 : response.Content.Headers.ContentLength ?? -1,
        BodyLength = bodyLength,
        Ssl = response is not null && connection.Tls,
        Version = response is null ? 0 : response.Version.Major + response.Version.Minor / 10.0,
        LastModified = response?.Content.Headers.LastModified,
    };

    private static ProbeTelemetry Telemetry(ProbeConnection connection, HttpTelemetry http) =>
        new() { Address = connection.Address, Http = http, Tls = connection.TlsResult() };

    /// <summary>
    /// The figures of a probe that followed redirects, as blackbox reports them: phases summed over the round
    /// trips (the transfer being the last one's), the address as the first resolved it, the answer's figures and
    /// TLS of the last, and <paramref name="redirects"/> (blackbox's count: the redirects seen, followed or not).
    /// </summary>
    public static ProbeTelemetry Combine(IReadOnlyList<ProbeTelemetry> hops, int redirects)
    {
        var last = hops[^1];
        var http = last.Http! with
        {
            Resolve = Sum(hops, h => h.Resolve),
            Connect = Sum(hops, h => h.Connect),
            TlsHandshake = Sum(hops, h => h.TlsHandshake),
            Processing = Sum(hops, h => h.Processing),
            Redirects = redirects,
        };
        return last with { Address = hops[0].Address, Http = http };
    }

    private static TimeSpan Sum(IReadOnlyList<ProbeTelemetry> hops, Func<HttpTelemetry, TimeSpan> phase) =>
        hops.Aggregate(TimeSpan.Zero, (total, h) => total + phase(h.Http!));

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
                    return (ProbeReasonCodes.TlsHandshakeFailed, TlsFailures.Describe(e));
            }
        }
        // TLS 1.3: the server judges the client certificate after the client's handshake is done, so
        // a rejected certificate surfaces as an alert on the first read: on Linux an internal OpenSSL
        // exception ("SSL routines::sslv3 alert bad certificate"), seen against etcd 3.4.
        if (Find<AuthenticationException>(e) is not null || IsTlsAlert(e)) return (ProbeReasonCodes.TlsHandshakeFailed, TlsFailures.Describe(e));
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
