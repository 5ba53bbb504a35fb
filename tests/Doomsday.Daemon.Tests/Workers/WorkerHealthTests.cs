using Doomsday.Daemon.Workers;
using Doomsday.Watch.Probes;
using Doomsday.Watch.Probes.Tcp;

namespace Doomsday.Daemon.Tests.Workers;

public sealed class WorkerHealthTests
{
    private sealed class ManualTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void Problems_WorkerRoundRecently_None()
    {
        var time = new ManualTime(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
        var health = new WorkerHealth(time);
        health.Started("probes", TimeSpan.FromSeconds(10));
        time.Now += TimeSpan.FromSeconds(30);
        health.Round("probes", TimeSpan.FromSeconds(10));
        time.Now += TimeSpan.FromSeconds(30);
        Assert.Empty(health.Problems());
    }

    [Fact]
    public void Problems_WorkerStopped_NamesIt()
    {
        var health = new WorkerHealth(new ManualTime(DateTimeOffset.Parse("2026-01-01T00:00:00Z")));
        health.Started("probes", TimeSpan.FromSeconds(10));
        health.Started("inventory", TimeSpan.FromHours(1));
        health.Stopped("probes", "InvalidOperationException: boom");
        var problem = Assert.Single(health.Problems());
        Assert.StartsWith("probes: stopped", problem);
        Assert.False(health.Running()["probes"]);
        Assert.True(health.Running()["inventory"]);
    }

    [Fact]
    public void Problems_NoRoundForTwoIntervalsAndAMinute_Stale()
    {
        var time = new ManualTime(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
        var health = new WorkerHealth(time);
        health.Started("probes", TimeSpan.FromSeconds(10));
        time.Now += TimeSpan.FromSeconds(79);
        Assert.Empty(health.Problems());
        time.Now += TimeSpan.FromSeconds(2);
        Assert.Contains("no round completed", Assert.Single(health.Problems()));
    }

    [Fact]
    public void Problems_ProbeNotRunForTwoIntervals_NamesItAsProblem()
    {
        var time = new ManualTime(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
        var health = new WorkerHealth(time);
        var probe = new TcpProbeOptions { Name = "ssh", Address = "127.0.0.1:22", Interval = TimeSpan.FromSeconds(10), Timeout = TimeSpan.FromSeconds(5) };
        var ran = ProbeStatus.Initial(probe) with { LastRunAt = time.Now };
        var neverRan = ProbeStatus.Initial(probe with { Name = "new" });
        health.AddCheck(now => ProbeHealth.Problems([ran, neverRan], now));

        time.Now += TimeSpan.FromSeconds(85); // 2 × 10 s + 5 s + 60 s: still fine
        Assert.Empty(health.Problems());
        time.Now += TimeSpan.FromSeconds(1);
        Assert.Equal(["probe ssh: no run since 2026-01-01T00:00:00Z"], health.Problems());
    }
}
