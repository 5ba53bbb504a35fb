using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Doomsday.Watch.Notifiers.Http;

/// <summary>
/// One HTTP POST of a JSON body, its answer classified: 2xx delivered; 408, 429 and 5xx retry (with
/// the server's <c>Retry-After</c>, seconds or a date); other statuses failed; connection errors and
/// timeouts retry. Details name the status and at most a short, scrubbed piece of the body, never the URL.
/// </summary>
internal static class HttpDelivery
{
    private const int BodyExcerpt = 200;

    public static async Task<DeliveryResult> PostJsonAsync(HttpClient http, string url, string json,
        IEnumerable<KeyValuePair<string, string>> headers, TimeProvider time, CancellationToken ct, params string?[] secrets)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new StringContent(json, Encoding.UTF8, "application/json"),
            };
            foreach (var (k, v) in headers) request.Headers.TryAddWithoutValidation(k, v);
            // https://user:pass@alertmanager:9093 sends basic authentication, as Prometheus (Go's net/http) does;
            // a configured Authorization header wins.
            Core.Secrets.UrlSecrets.SendAsBasicAuth(request);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            var detail = $"HTTP {code} {response.ReasonPhrase}".TrimEnd();
            var excerpt = Excerpt(body, url, secrets);
            if (excerpt.Length > 0) detail += ": " + excerpt;
            if (code is >= 200 and < 300) return DeliveryResult.Delivered(detail);
            if (code is 408 or 429 || code >= 500)
                return DeliveryResult.Retry(detail, RetryAfter(response.Headers.RetryAfter, time));
            return DeliveryResult.Failed(detail);
        }
        catch (HttpRequestException e)
        {
            return DeliveryResult.Retry("connection failed: " + Describe(e));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return DeliveryResult.Retry("timed out");
        }
        catch (IOException)
        {
            return DeliveryResult.Retry("connection failed: I/O error");
        }
    }

    /// <summary>The error class without the library's message (which can echo the request URI).</summary>
    private static string Describe(HttpRequestException e) => e.HttpRequestError switch
    {
        HttpRequestError.ConnectionError when e.InnerException is System.Net.Sockets.SocketException s => s.SocketErrorCode switch
        {
            System.Net.Sockets.SocketError.ConnectionRefused => "connection refused",
            System.Net.Sockets.SocketError.HostNotFound or System.Net.Sockets.SocketError.NoData => "host not found",
            System.Net.Sockets.SocketError.TimedOut => "connect timed out",
            var other => other.ToString(),
        },
        HttpRequestError.NameResolutionError => "host not found",
        HttpRequestError.SecureConnectionError => "TLS handshake failed",
        HttpRequestError.Unknown => "error",
        var other => other.ToString(),
    };

    internal static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, TimeProvider time)
    {
        if (header is null) return null;
        if (header.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }

    private static string Excerpt(string body, string url, string?[] secrets)
    {
        var text = body.ReplaceLineEndings(" ").Trim();
        if (text.Length > BodyExcerpt) text = text[..BodyExcerpt] + "...";
        return Redaction.Scrub(text, [url, .. secrets]);
    }

    public static readonly IReadOnlyList<KeyValuePair<string, string>> NoHeaders = [];
}
