using Doomsday.Daemon.Tests.Support;
using Doomsday.Daemon.Workers;

namespace Doomsday.Daemon.Tests.Workers;

/// <summary>A worker's loop survives its rounds: a throwing round is one log line, a long interval is not a crash.</summary>
public sealed class WorkerLoopTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task RunAsync_RoundThrows_OneLogLineAndNextRoundRuns()
    {
        var log = new StringLog();
        var health = new WorkerHealth(TimeProvider.System);
        var rounds = 0;
        var loop = new WorkerLoop("test", () => TimeSpan.FromHours(1), _ =>
        {
            if (Interlocked.Increment(ref rounds) == 1) throw new InvalidOperationException("first round broke");
            return Task.CompletedTask;
        }, health, log.Log, TimeProvider.System);
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => loop.RunAsync(stop.Token));

        await Eventually.UntilAsync(() => Volatile.Read(ref rounds) == 1 && log.ToString().Contains("round failed"), Deadline, "first round failed\n" + log);
        // Woken until it runs again (a wake sent before the loop waits is a wake-up it never sees).
        await Eventually.UntilAsync(() =>
        {
            loop.Wake();
            return Volatile.Read(ref rounds) >= 2;
        }, Deadline, "second round\n" + log);

        Assert.Empty(health.Problems());
        var lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var failed = Assert.Single(lines);
        Assert.Contains("test: round failed: InvalidOperationException: first round broke", failed);
        await stop.CancelAsync();
        await running;
        Assert.Equal(["test: stopped (shut down)"], health.Problems());
    }

    /// <summary>Task.Delay refuses waits over about 49 days; a 60-day interval used to end the loop after its first round.</summary>
    [Fact]
    public async Task RunAsync_IntervalOverFortyNineDays_LoopKeepsRunning()
    {
        var log = new StringLog();
        var health = new WorkerHealth(TimeProvider.System);
        var rounds = 0;
        var loop = new WorkerLoop("inventory", () => TimeSpan.FromDays(60), _ =>
        {
            Interlocked.Increment(ref rounds);
            return Task.CompletedTask;
        }, health, log.Log, TimeProvider.System);
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => loop.RunAsync(stop.Token));

        await Eventually.UntilAsync(() => Volatile.Read(ref rounds) == 1, Deadline, "first round");
        // Woken (as a reload does) it must run again: only a live loop can.
        await Eventually.UntilAsync(() =>
        {
            loop.Wake();
            return Volatile.Read(ref rounds) >= 2;
        }, Deadline, "second round after a wake\n" + log + string.Join("\n", health.Problems()));

        Assert.Empty(health.Problems());
        Assert.Equal("", log.ToString());
        await stop.CancelAsync();
        await running;
    }
}
