using Doomsday.Core.Configuration.Rules;

namespace Doomsday.Watch.Configuration;

/// <summary>How long the store keeps each kind of row; older rows are deleted, bounding its growth.</summary>
public sealed record RetentionOptions
{
    [PositiveDuration]
    public TimeSpan ProbeResults { get; init; } = TimeSpan.FromDays(7);
    [PositiveDuration]
    public TimeSpan Incidents { get; init; } = TimeSpan.FromDays(90);
    [PositiveDuration]
    public TimeSpan Snapshots { get; init; } = TimeSpan.FromDays(30);
}
