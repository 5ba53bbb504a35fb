namespace Doomsday.Bench;

/// <summary>Items processed in a wall-clock time.</summary>
internal sealed record Rate(long Items, TimeSpan Elapsed, string Note)
{
    public double PerSecond => Items / Math.Max(Elapsed.TotalSeconds, 1e-9);

    public static Rate Median(IReadOnlyList<Rate> runs) =>
        runs.OrderBy(r => r.Elapsed).ElementAt(runs.Count / 2);
}
