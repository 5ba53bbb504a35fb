using Doomsday.Watch.Notifiers.Http;

namespace Doomsday.Watch.Notifiers.Webhook;

/// <summary>Posts the Alertmanager v4 webhook payload; the receiver deduplicates on the <c>Idempotency-Key</c> header.</summary>
internal sealed class WebhookNotifier(WebhookNotifierOptions options, NotifierContext context) : INotifier
{
    public NotifierOptions Options => options;

    public Task<DeliveryResult> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        var json = WebhookPayload.Build(notification, options.Name, context.ExternalUrl).ToJsonString();
        var headers = options.Headers.Append(new KeyValuePair<string, string>("Idempotency-Key", notification.Id));
        // configured header values are usually tokens: scrub them too
        return HttpDelivery.PostJsonAsync(context.Http, options.Url, json, headers, context.Time, cancellationToken,
            [options.Url, .. options.Headers.Values]);
    }
}
