using System.Globalization;
using System.Text.Json.Nodes;

namespace Doomsday.Watch.Notifiers.Webhook;

/// <summary>
/// Alertmanager's webhook payload, version 4 (what Alertmanager itself posts to a
/// <c>webhook_config</c>), one alert per message, plus <c>idempotencyKey</c> (= the notification id,
/// also sent as the <c>Idempotency-Key</c> header). Labels carry <c>alertname</c> and <c>severity</c>;
/// annotations carry <c>summary</c> and <c>description</c> (the detail). Public contract: docs/notifications.md.
/// </summary>
internal static class WebhookPayload
{
    /// <summary>Go's zero time, which Alertmanager writes for an alert with no end.</summary>
    private const string ZeroTime = "0001-01-01T00:00:00Z";

    public static JsonObject Build(Notification n, string receiver, string externalUrl)
    {
        var labels = AlertLabels(n);
        var annotations = AlertAnnotations(n);
        var alert = new JsonObject
        {
            ["status"] = n.Status,
            ["labels"] = ToJson(labels),
            ["annotations"] = ToJson(annotations),
            ["startsAt"] = Time(n.StartsAt),
            ["endsAt"] = n.EndsAt is { } end ? Time(end) : ZeroTime,
            ["generatorURL"] = GeneratorUrl(externalUrl, n),
            ["fingerprint"] = n.Fingerprint,
        };
        return new JsonObject
        {
            ["version"] = "4",
            ["groupKey"] = $"{{}}:{{alertname=\"{n.AlertName}\", fingerprint=\"{n.Fingerprint}\"}}",
            ["truncatedAlerts"] = 0,
            ["status"] = n.Status,
            ["receiver"] = receiver,
            ["groupLabels"] = new JsonObject { ["alertname"] = n.AlertName },
            ["commonLabels"] = ToJson(labels),
            ["commonAnnotations"] = ToJson(annotations),
            ["externalURL"] = externalUrl,
            ["alerts"] = new JsonArray(alert),
            ["idempotencyKey"] = n.Id,
            ["test"] = n.IsTest,
        };
    }

    /// <summary>The notification's labels plus <c>alertname</c> and <c>severity</c> (which win over labels of the same name).</summary>
    public static SortedDictionary<string, string> AlertLabels(Notification n)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in n.Labels) labels[k] = v;
        labels["alertname"] = n.AlertName;
        labels["severity"] = n.Severity;
        return labels;
    }

    /// <summary>The notification's annotations plus <c>summary</c>, <c>description</c> (the detail, when any).</summary>
    public static SortedDictionary<string, string> AlertAnnotations(Notification n)
    {
        var annotations = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in n.Annotations) annotations[k] = v;
        annotations["summary"] = n.Summary;
        if (!string.IsNullOrWhiteSpace(n.Detail)) annotations["description"] = n.Detail;
        return annotations;
    }

    public static string GeneratorUrl(string externalUrl, Notification n) =>
        string.IsNullOrEmpty(externalUrl) ? "" : $"{externalUrl.TrimEnd('/')}/api/v1/alerts/{Uri.EscapeDataString(n.Fingerprint)}";

    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static JsonObject ToJson(IEnumerable<KeyValuePair<string, string>> map)
    {
        var o = new JsonObject();
        foreach (var (k, v) in map) o[k] = v;
        return o;
    }
}
