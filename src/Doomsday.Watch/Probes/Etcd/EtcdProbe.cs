using System.Text.Json;

namespace Doomsday.Watch.Probes.Etcd;

/// <summary>
/// <c>GET /health</c> on an etcd client URL, with the client certificate etcd demands. Healthy iff the
/// answer is 200 with <c>{"health":"true"}</c>. An unhealthy etcd answers 503 with <c>"health":"false"</c>
/// and, since 3.5, a <c>reason</c> (e.g. <c>RAFT NO LEADER</c>) that becomes the detail; 3.4 sends none.
/// </summary>
internal sealed class EtcdProbe(EtcdProbeOptions options, ProbeContext context) : IProbe
{
    public ProbeOptions Options => options;

    public async Task<ProbeResult> RunAsync(CancellationToken cancellationToken)
    {
        if (HealthUri(options.Url) is not { } uri)
        {
            return ProbeResult.Fail(TimeSpan.Zero, ProbeReasonCodes.BadProbeConfig, $"url '{Core.Secrets.UrlSecrets.Redact(options.Url)}' is not an http(s) URL");
        }
        if (!context.Http.TryGet(options.Tls, out var client, out var tlsError))
        {
            return ProbeResult.Fail(TimeSpan.Zero, ProbeReasonCodes.BadProbeConfig, $"tls: {tlsError}");
        }
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        var outcome = await HttpExchange.SendAsync(client!, request, cancellationToken).ConfigureAwait(false);
        return Judge(outcome, uri) with { Telemetry = outcome.Telemetry };
    }

    private static ProbeResult Judge(HttpExchange.Outcome outcome, Uri uri)
    {
        if (outcome.Response is not { } response) return ProbeResult.Fail(outcome.Duration, outcome.Reason!, outcome.Detail!);

        var (health, reason) = Parse(response.Body);
        var where = HttpExchange.Describe(uri);
        if (response.Status == 200 && health == "true") return ProbeResult.Ok(outcome.Duration, $"{where}: healthy", 200);
        var why = reason is { Length: > 0 } ? $": {reason}" : "";
        return response.Status == 200
            ? ProbeResult.Fail(outcome.Duration, ProbeReasonCodes.BodyMismatch, $"{where} answered 200 with health={health ?? "(none)"}{why}", 200)
            : ProbeResult.Fail(outcome.Duration, ProbeReasonCodes.UnexpectedStatus, $"{where} answered {response.Status}{why}", response.Status);
    }

    /// <summary><paramref name="url"/> itself when it names a path, else its <c>/health</c>.</summary>
    internal static Uri? HealthUri(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) return null;
        return uri.AbsolutePath is "" or "/" ? new Uri(uri, "/health") : uri;
    }

    /// <summary>The <c>health</c> and <c>reason</c> fields, null when absent or the body is not JSON.</summary>
    internal static (string? Health, string? Reason) Parse(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return (null, null);
            return (Text(doc.RootElement, "health"), Text(doc.RootElement, "reason"));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string? Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) ? (v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()) : null;
}
