namespace Doomsday.Core.Configuration;

/// <summary>How long the store keeps each kind of row; older rows are deleted, bounding its growth.</summary>
public sealed record RetentionConfig
{
    public TimeSpan ProbeResults { get; init; } = TimeSpan.FromDays(7);
    public TimeSpan Incidents { get; init; } = TimeSpan.FromDays(90);
    public TimeSpan Snapshots { get; init; } = TimeSpan.FromDays(30);
}
