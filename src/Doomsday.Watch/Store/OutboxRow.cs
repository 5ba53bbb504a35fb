using Doomsday.Watch.Notifiers;

namespace Doomsday.Watch.Store;

/// <summary>
/// One notification for one notifier (and, for notifiers with several replicas, one target index).
/// <see cref="Attempts"/> counts claims, so an attempt cut short by a crash is counted too.
/// </summary>
public sealed record OutboxRow(
    long Id,
    string Notifier,
    int Target,
    Notification Notification,
    string State,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    string LastDetail,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt);
