namespace Doomsday.Watch.Store;

/// <summary>How long each kind of history is kept; <see cref="DoomsdayStore.Prune"/> deletes what is older.</summary>
public sealed record RetentionSettings
{
    public TimeSpan ProbeResults { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Resolved incidents (with their events) and ended silences/acks, counted from resolution/end.</summary>
    public TimeSpan Incidents { get; init; } = TimeSpan.FromDays(90);

    public TimeSpan Snapshots { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Outbox rows no longer pending (sent, expired, failed), counted from creation.</summary>
    public TimeSpan Outbox { get; init; } = TimeSpan.FromDays(7);
}
