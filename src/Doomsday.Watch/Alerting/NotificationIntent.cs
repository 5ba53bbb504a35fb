using Doomsday.Watch.Notifiers;

namespace Doomsday.Watch.Alerting;

/// <summary>One notification the daemon must put into the outbox, once per notifier named (outbox key: Id + notifier).</summary>
public sealed record NotificationIntent(Notification Notification, IReadOnlyList<string> Notifiers);
