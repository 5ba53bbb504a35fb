using Doomsday.Watch.Notifiers.Http;

namespace Doomsday.Watch.Notifiers.Slack;

/// <summary>Posts to a Slack incoming webhook. The URL is the credential: it never appears in a detail.</summary>
internal sealed class SlackNotifier(SlackNotifierOptions options, NotifierContext context) : INotifier
{
    public NotifierOptions Options => options;

    public Task<DeliveryResult> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        var json = SlackPayload.Build(notification, options.Channel).ToJsonString();
        return HttpDelivery.PostJsonAsync(context.Http, options.Url, json, HttpDelivery.NoHeaders, context.Time, cancellationToken, options.Url);
    }
}
