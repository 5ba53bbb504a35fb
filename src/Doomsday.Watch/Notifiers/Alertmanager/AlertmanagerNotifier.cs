using Doomsday.Watch.Notifiers.Http;

namespace Doomsday.Watch.Notifiers.Alertmanager;

/// <summary>
/// Posts to every replica (Alertmanager deduplicates across its cluster). Through the outbox each
/// replica is a separate target, retried on its own. Called directly (<see cref="SendAsync"/>, as
/// <c>notify test</c> does) it posts to all replicas at once and, like Prometheus, counts the message
/// delivered when at least one replica accepted it; the detail lists every replica's answer.
/// </summary>
internal sealed class AlertmanagerNotifier(AlertmanagerNotifierOptions options, NotifierContext context) : IMultiTargetNotifier
{
    public NotifierOptions Options => options;

    public int TargetCount => options.Urls.Count;

    public string DescribeTarget(int target) => $"replica {target + 1} ({Redaction.HostOf(options.Urls[target])})";

    public Task<DeliveryResult> SendToTargetAsync(int target, Notification notification, CancellationToken cancellationToken)
    {
        var url = options.Urls[target].TrimEnd('/') + "/api/v2/alerts";
        var json = AlertmanagerPayload.Build(notification, context.Time.GetUtcNow(), options.ResendEvery, context.ExternalUrl).ToJsonString();
        return HttpDelivery.PostJsonAsync(context.Http, url, json, HttpDelivery.NoHeaders, context.Time, cancellationToken, options.Urls[target]);
    }

    public async Task<DeliveryResult> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        if (options.Urls.Count == 0) return DeliveryResult.Failed("no Alertmanager URL configured");
        var results = await Task.WhenAll(Enumerable.Range(0, options.Urls.Count)
            .Select(i => SendToTargetAsync(i, notification, cancellationToken))).ConfigureAwait(false);
        var detail = string.Join("; ", results.Select((r, i) => $"{DescribeTarget(i)}: {r.Status.ToString().ToLowerInvariant()} {r.Detail}"));
        if (results.Any(r => r.Status == DeliveryStatus.Delivered)) return DeliveryResult.Delivered(detail);
        if (results.Any(r => r.Status == DeliveryStatus.Retry))
            return DeliveryResult.Retry(detail, results.Where(r => r.RetryAfter is not null).Select(r => r.RetryAfter).Min());
        return DeliveryResult.Failed(detail);
    }
}
