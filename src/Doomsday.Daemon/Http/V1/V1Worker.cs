namespace Doomsday.Daemon.Http.V1;

/// <summary>A worker loop: <see cref="LastRoundAt"/> null before its first round; <see cref="StoppedBecause"/> set when it stopped.</summary>
public sealed record V1Worker(string Name, bool Running, DateTimeOffset? LastRoundAt, double IntervalSeconds, string? StoppedBecause);
