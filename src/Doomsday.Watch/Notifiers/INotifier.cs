namespace Doomsday.Watch.Notifiers;

/// <summary>
/// One configured channel. Never throws for a failing receiver: a refused connection, a 5xx or a 429
/// is a <see cref="DeliveryResult"/> (retry, with the server's <c>Retry-After</c> when it gave one,
/// or permanent failure). Delivery is at-least-once; receivers deduplicate on <see cref="Notification.Id"/>.
/// </summary>
public interface INotifier
{
    NotifierOptions Options { get; }

    Task<DeliveryResult> SendAsync(Notification notification, CancellationToken cancellationToken);
}
