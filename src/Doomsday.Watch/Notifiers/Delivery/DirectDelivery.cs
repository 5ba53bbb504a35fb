namespace Doomsday.Watch.Notifiers.Delivery;

/// <summary>
/// Sends one notification through each notifier now (every target of a multi-target one), all at once,
/// each with its own timeout, bypassing the outbox. For the one case the outbox cannot serve: telling
/// someone that the alert path itself (alert rounds, the outbox, the store) is failing. Nothing is stored
/// and nothing is retried here; the caller decides when to send again.
/// </summary>
public static class DirectDelivery
{
    public static async Task<IReadOnlyList<(string Notifier, DeliveryResult Result)>> SendAsync(
        IReadOnlyList<INotifier> notifiers, Notification notification, CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(notifiers.Select(n => NotifierAttempt.SendAllAsync(n, notification, cancellationToken))).ConfigureAwait(false);
        return notifiers.Select((n, i) => (n.Options.Name, results[i])).ToList();
    }
}
