using System.Text.Json.Nodes;
using Doomsday.Watch.Notifiers.Webhook;

namespace Doomsday.Watch.Notifiers.Alertmanager;

/// <summary>
/// The body of <c>POST /api/v2/alerts</c>. A resolved notification sets <c>endsAt</c> (its own end, else
/// the send time) so Alertmanager resolves the alert at once. A firing one (first, escalation, repeat or
/// re-send) sets <c>endsAt</c> to send time + 4 × <see cref="AlertmanagerNotifierOptions.ResendEvery"/>, as
/// Prometheus sets it to 4 × max(evaluation interval, resend delay) (rules/alerting.go: "allow for two
/// Eval or Alertmanager send failures"): Alertmanager keeps the alert active that long after each post,
/// whatever its <c>resolve_timeout</c>, and resolves it by itself if doomsday stops re-sending (it died)
/// instead of keeping it firing forever. A firing notification that changed the severity
/// (<see cref="Notification.PreviousSeverity"/>, already in this notifier's names) also resolves the alert
/// Alertmanager knows under the previous severity label, in the same post.
/// </summary>
internal static class AlertmanagerPayload
{
    public static JsonArray Build(Notification n, DateTimeOffset sentAt, TimeSpan resendEvery, string externalUrl)
    {
        var endsAt = n.Status == "resolved" ? n.EndsAt ?? sentAt : sentAt + 4 * resendEvery;
        // JsonNode-typed: JsonArray.Add<JsonObject> takes the reflection path, which a native build has not.
        var alerts = new JsonArray(Alert(n, endsAt, externalUrl));
        if (n.Status == "firing" && n.PreviousSeverity is { } previous && previous != n.Severity)
            alerts.Add((JsonNode)Alert(n with { Severity = previous }, sentAt, externalUrl));
        return alerts;
    }

    private static JsonObject Alert(Notification n, DateTimeOffset endsAt, string externalUrl)
    {
        var annotations = WebhookPayload.AlertAnnotations(n);
        if (NotificationText.Runbook(n) is { } runbook) annotations["runbook_url"] = runbook;
        return new JsonObject
        {
            ["labels"] = WebhookPayload.ToJson(WebhookPayload.AlertLabels(n)),
            ["annotations"] = WebhookPayload.ToJson(annotations),
            ["startsAt"] = WebhookPayload.Time(n.StartsAt),
            ["endsAt"] = WebhookPayload.Time(endsAt),
            ["generatorURL"] = WebhookPayload.GeneratorUrl(externalUrl, n),
        };
    }
}
