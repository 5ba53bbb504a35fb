namespace Doomsday.Watch.Store;

/// <summary>A probe's results in one time bucket: how many runs, how many failed, mean and slowest duration.</summary>
public sealed record ProbeResultBucket(DateTimeOffset Start, int Runs, int Failures, TimeSpan MeanDuration, TimeSpan MaxDuration);
