using System.Text.Json.Nodes;
using Doomsday.Core.Notifiers.Webhook;

namespace Doomsday.Core.Notifiers.Alertmanager;

/// <summary>
/// The body of <c>POST /api/v2/alerts</c>: one postable alert. A resolved notification sets
/// <c>endsAt</c> (its own end, else the send time) so Alertmanager resolves the alert at once. A firing
/// one sets <c>endsAt</c> to send time + 4 × <see cref="AlertmanagerNotifierOptions.ResendEvery"/>, as
/// Prometheus does: if doomsday stops re-sending (it died), Alertmanager resolves the alert by itself
/// after that horizon instead of keeping it firing forever.
/// </summary>
internal static class AlertmanagerPayload
{
    public static JsonArray Build(Notification n, DateTimeOffset sentAt, TimeSpan resendEvery, string externalUrl)
    {
        var endsAt = n.Status == "resolved" ? n.EndsAt ?? sentAt : sentAt + 4 * resendEvery;
        var annotations = WebhookPayload.AlertAnnotations(n);
        if (NotificationText.Runbook(n) is { } runbook) annotations["runbook_url"] = runbook;
        // Not a collection expression: that calls JsonArray.Add<JsonObject>, the reflection path a native build has not.
        return new JsonArray(
            new JsonObject
            {
                ["labels"] = WebhookPayload.ToJson(WebhookPayload.AlertLabels(n)),
                ["annotations"] = WebhookPayload.ToJson(annotations),
                ["startsAt"] = WebhookPayload.Time(n.StartsAt),
                ["endsAt"] = WebhookPayload.Time(endsAt),
                ["generatorURL"] = WebhookPayload.GeneratorUrl(externalUrl, n),
            });
    }
}
