namespace Doomsday.Watch.Notifiers;

/// <summary>
/// A notifier that sends every notification to several independent targets (Alertmanager replicas).
/// The outbox keeps one row per target so a replica that is down is retried alone and does not hold
/// back the others. <see cref="DescribeTarget"/> names a target without secrets (host and port).
/// </summary>
public interface IMultiTargetNotifier : INotifier
{
    int TargetCount { get; }

    string DescribeTarget(int target);

    Task<DeliveryResult> SendToTargetAsync(int target, Notification notification, CancellationToken cancellationToken);
}
