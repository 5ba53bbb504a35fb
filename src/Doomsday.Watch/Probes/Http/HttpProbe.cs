using System.Text.Json;
using System.Text.RegularExpressions;

namespace Doomsday.Watch.Probes.Http;

/// <summary>
/// An HTTP(S) request and its expectations, checked in this order: status (default any 2xx), body
/// substring, body regex (matched with a timeout, so a catastrophic pattern cannot hang a worker),
/// JSON field, latency. The first unmet expectation is the reason. The body is never copied into
/// the detail: it may hold anything.
/// </summary>
internal sealed class HttpProbe : IProbe
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);
    private readonly HttpProbeOptions _options;
    private readonly ProbeContext _context;
    private readonly Regex? _bodyRegex;
    private readonly string? _regexError;

    public HttpProbe(HttpProbeOptions options, ProbeContext context)
    {
        _options = options;
        _context = context;
        if (options.BodyRegex is { } pattern)
        {
            try
            {
                _bodyRegex = new Regex(pattern, RegexOptions.CultureInvariant, RegexTimeout);
            }
            catch (ArgumentException e)
            {
                _regexError = $"bodyRegex: {e.Message}";
            }
        }
    }

    public ProbeOptions Options => _options;

    public async Task<ProbeResult> RunAsync(CancellationToken cancellationToken)
    {
        if (_regexError is not null) return ProbeResult.Fail(TimeSpan.Zero, ProbeReasonCodes.BadProbeConfig, _regexError);
        if (!Uri.TryCreate(_options.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return ProbeResult.Fail(TimeSpan.Zero, ProbeReasonCodes.BadProbeConfig, $"url '{Core.Secrets.UrlSecrets.Redact(_options.Url)}' is not an http(s) URL");
        }
        if (!_context.Http.TryGet(_options.Tls, out var client, out var tlsError))
        {
            return ProbeResult.Fail(TimeSpan.Zero, ProbeReasonCodes.BadProbeConfig, $"tls: {tlsError}");
        }

        var method = _options.Method;
        var url = uri;
        var duration = TimeSpan.Zero;
        var hops = new List<Uri>();
        var figures = new List<ProbeTelemetry>();
        // blackbox_exporter's figures of the whole exchange; probe_failed_due_to_regex: the body expectations (bodyContains is a literal pattern).
        ProbeResult Done(ProbeResult result, HttpExchange.Response? last) => result with
        {
            Telemetry = HttpExchange.Combine(figures, hops.Count + (last is { Location: not null } && HttpRedirects.IsRedirect(last.Status) ? 1 : 0)) with
            {
                FailedDueToRegex = result.ReasonCode == ProbeReasonCodes.BodyMismatch,
            },
        };
        while (true)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), url);
            // the configured headers (tokens, cookies, a virtual host) are for the URL's origin only
            if (HttpRedirects.SameOrigin(uri, url))
            {
                foreach (var (name, value) in _options.Headers)
                {
                    if (!request.Headers.TryAddWithoutValidation(name, value))
                    {
                        return ProbeResult.Fail(TimeSpan.Zero, ProbeReasonCodes.BadProbeConfig, $"header '{name}' cannot be set on a request");
                    }
                }
                // so are the URL's own credentials (user info, sent as basic authentication), after a same-origin redirect too
                if (hops.Count > 0 && Core.Secrets.UrlSecrets.SplitCredentials(uri).Basic is { } basic) request.Headers.Authorization ??= basic;
            }
            var outcome = await HttpExchange.SendAsync(client!, request, cancellationToken, firstHost: HttpRedirects.SameHostAs(uri, url)).ConfigureAwait(false);
            duration += outcome.Duration;
            figures.Add(outcome.Telemetry);
            if (outcome.Response is not { } response) return Done(ProbeResult.Fail(duration, outcome.Reason!, outcome.Detail! + Via(uri, hops)), null);
            if (_options.Redirects == HttpRedirects.None || !HttpRedirects.IsRedirect(response.Status) || response.Location is not { } next)
                return Done(Judge(response, duration, Where(uri, url, hops)), response);
            if (next.Scheme is not ("http" or "https") || hops.Count >= HttpRedirects.Max)
            {
                var why = hops.Count >= HttpRedirects.Max ? $"more than {HttpRedirects.Max} redirects" : $"a redirect to a {next.Scheme}: URL";
                return Done(ProbeResult.Fail(duration, ProbeReasonCodes.TooManyRedirects, $"{HttpExchange.Describe(uri)}: {why}{Via(uri, hops)}", response.Status), response);
            }
            if (_options.Redirects == HttpRedirects.SameHost && !HttpRedirects.SameHostAs(uri, next))
            {
                return Done(ProbeResult.Fail(duration, ProbeReasonCodes.RedirectOtherHost,
                    $"{HttpExchange.Describe(url)} answered {response.Status}, a redirect to another host: {HttpExchange.Describe(next)}{Via(uri, hops)} " +
                    $"(not followed: its answer would not be this target's; 'redirects: follow' follows it, 'redirects: none' with expect.status [{response.Status}] accepts the redirect)",
                    response.Status), response);
            }
            hops.Add(next);
            method = HttpRedirects.NextMethod(method, response.Status);
            url = next;
        }
    }

    /// <summary>The target, and where it ended when it redirected (the answer judged is that URL's).</summary>
    private static string Where(Uri start, Uri end, List<Uri> hops) =>
        hops.Count == 0 ? HttpExchange.Describe(start)
            : $"{HttpExchange.Describe(start)} (redirected {hops.Count} time{(hops.Count == 1 ? "" : "s")} to {HttpExchange.Describe(end)}" +
              (HttpRedirects.SameOrigin(start, end) ? ")" : ", another origin: the configured headers were not sent there)");

    private static string Via(Uri start, List<Uri> hops) => hops.Count == 0 ? "" : $" (after {hops.Count} redirect{(hops.Count == 1 ? "" : "s")} from {HttpExchange.Describe(start)})";

    private ProbeResult Judge(HttpExchange.Response response, TimeSpan duration, string where)
    {
        var status = response.Status;
        var statusOk = _options.ExpectStatus.Count == 0 ? status is >= 200 and < 300 : _options.ExpectStatus.Contains(status);
        if (!statusOk)
        {
            var expected = _options.ExpectStatus.Count == 0 ? "2xx" : string.Join(", ", _options.ExpectStatus);
            return ProbeResult.Fail(duration, ProbeReasonCodes.UnexpectedStatus, $"{where} answered {status}, expected {expected}", status);
        }
        if (_options.BodyContains is { } needle && !response.Body.Contains(needle, StringComparison.Ordinal))
        {
            return ProbeResult.Fail(duration, ProbeReasonCodes.BodyMismatch, $"{where}: body does not contain '{needle}'{Truncation(response)}", status);
        }
        if (_bodyRegex is not null)
        {
            bool matched;
            try
            {
                matched = _bodyRegex.IsMatch(response.Body);
            }
            catch (RegexMatchTimeoutException)
            {
                return ProbeResult.Fail(duration, ProbeReasonCodes.BodyMismatch, $"{where}: bodyRegex took longer than {RegexTimeout.TotalMilliseconds}ms", status);
            }
            if (!matched) return ProbeResult.Fail(duration, ProbeReasonCodes.BodyMismatch, $"{where}: body does not match /{_options.BodyRegex}/{Truncation(response)}", status);
        }
        if (_options.JsonField is { } field)
        {
            var problem = JsonFieldCheck(response.Body, field, _options.JsonValue);
            if (problem is not null) return ProbeResult.Fail(duration, ProbeReasonCodes.JsonMismatch, $"{where}: {problem}", status);
        }
        if (_options.MaxLatency is { } max && duration > max)
        {
            return ProbeResult.Fail(duration, ProbeReasonCodes.TooSlow,
                $"{where} answered in {duration.TotalMilliseconds:0}ms, more than {max.TotalMilliseconds:0}ms", status);
        }
        return ProbeResult.Ok(duration, $"{where} answered {status}", status);
    }

    private static string Truncation(HttpExchange.Response r) => r.Truncated ? $" (first {HttpExchange.MaxBodyBytes} bytes read)" : "";

    /// <summary>
    /// Walks <paramref name="path"/> (dotted; a numeric segment indexes an array) and compares the value's
    /// text (a JSON string without quotes, other values as written: <c>true</c>, <c>3</c>) to
    /// <paramref name="expected"/>; without <paramref name="expected"/> the field only has to exist.
    /// </summary>
    internal static string? JsonFieldCheck(string body, string path, string? expected)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return "body is not JSON";
        }
        using (doc)
        {
            var node = doc.RootElement;
            foreach (var segment in path.Split('.'))
            {
                if (node.ValueKind == JsonValueKind.Object && node.TryGetProperty(segment, out var child)) node = child;
                else if (node.ValueKind == JsonValueKind.Array && int.TryParse(segment, out var i) && i >= 0 && i < node.GetArrayLength()) node = node[i];
                else return $"JSON field '{path}' is missing";
            }
            if (expected is null) return null;
            var actual = node.ValueKind == JsonValueKind.String ? node.GetString()! : node.GetRawText();
            if (actual == expected) return null;
            var shown = actual.Length > 100 ? actual[..100] + "..." : actual;
            return $"JSON field '{path}' is '{shown}', expected '{expected}'";
        }
    }
}
