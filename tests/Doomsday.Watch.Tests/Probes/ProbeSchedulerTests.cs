using Doomsday.Watch.Probes;
using Microsoft.Extensions.Time.Testing;

namespace Doomsday.Watch.Tests.Probes;

/// <summary>
/// The scheduler on a <see cref="FakeTimeProvider"/>: the test moves the clock by whole intervals and
/// awaits what the observer receives. Nothing waits on wall-clock time.
/// </summary>
public sealed class ProbeSchedulerTests
{
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private sealed class Harness : IAsyncDisposable
    {
        public FakeTimeProvider Time { get; } = new(Start);
        public RecordingObserver Observer { get; } = new();
        public Dictionary<string, ScriptedProbe> Probes { get; } = new();
        public ProbeScheduler Scheduler { get; }
        public int Created;

        public Harness(bool ignoreCancellation = false)
        {
            Scheduler = new ProbeScheduler(new ProbeContext(Time), Observer, new ProbeSchedulerOptions { SpreadStart = false }, o =>
            {
                Interlocked.Increment(ref Created);
                var p = new ScriptedProbe(o) { IgnoreCancellation = ignoreCancellation };
                Probes[o.Name] = p;
                return p;
            });
        }

        public ValueTask DisposeAsync() => Scheduler.DisposeAsync();
    }

    private static ScriptedProbeOptions Options(int failureThreshold = 2, int successThreshold = 1, TimeSpan? timeout = null) => new()
    {
        Name = "target",
        Interval = Interval,
        Timeout = timeout ?? TimeSpan.FromSeconds(3),
        FailureThreshold = failureThreshold,
        SuccessThreshold = successThreshold,
    };

    [Fact]
    public async Task Update_FailureThresholdTwo_OneFailureChangesNothingTwoMakeItDown()
    {
        await using var h = new Harness();
        h.Scheduler.Update([Options(failureThreshold: 2)]);
        await h.Probes["target"].WaitStartedAsync(1); // ran at once: no spread

        // Given an Up target (first success, successThreshold 1)
        var probe = h.Probes["target"];
        probe.Enqueue(true);
        var first = await h.Observer.NextAsync();
        Assert.True((((ProbeOptions, ProbeResult, DateTimeOffset))first).Item2.Success);
        var up = Assert.IsType<ProbeStateChange>(await h.Observer.NextAsync());
        Assert.Equal((ProbeState.Unknown, ProbeState.Up), (up.From, up.To));

        // When one run fails: a result, no state change
        probe.Enqueue(false);
        h.Time.Advance(Interval);
        var failed = (((ProbeOptions, ProbeResult, DateTimeOffset))await h.Observer.NextAsync()).Item2;
        Assert.Equal("connect_refused", failed.ReasonCode);
        await probe.WaitStartedAsync(2);
        Assert.Equal(ProbeState.Up, h.Scheduler.Snapshot()[0].State);
        Assert.Equal(1, h.Scheduler.Snapshot()[0].ConsecutiveFailures);

        // And a second one fails: Down, carrying the failing result
        probe.Enqueue(false);
        h.Time.Advance(Interval);
        _ = await h.Observer.NextAsync();
        var down = Assert.IsType<ProbeStateChange>(await h.Observer.NextAsync());
        Assert.Equal((ProbeState.Up, ProbeState.Down), (down.From, down.To));
        Assert.Equal("connect_refused", down.Result.ReasonCode);
        Assert.Equal(2, down.Count);
        Assert.Equal(Start + 2 * Interval, down.At);
    }

    [Fact]
    public async Task Update_SuccessThresholdTwo_DownTargetNeedsTwoSuccessesToBeUp()
    {
        await using var h = new Harness();
        h.Scheduler.Update([Options(failureThreshold: 1, successThreshold: 2)]);
        await h.Probes["target"].WaitStartedAsync(1);
        var probe = h.Probes["target"];

        probe.Enqueue(false);
        _ = await h.Observer.NextAsync();
        var down = Assert.IsType<ProbeStateChange>(await h.Observer.NextAsync());
        Assert.Equal(ProbeState.Down, down.To);

        probe.Enqueue(true);
        h.Time.Advance(Interval);
        Assert.True((((ProbeOptions, ProbeResult, DateTimeOffset))await h.Observer.NextAsync()).Item2.Success);
        await probe.WaitStartedAsync(2);
        Assert.Equal(ProbeState.Down, h.Scheduler.Snapshot()[0].State);

        probe.Enqueue(true);
        h.Time.Advance(Interval);
        _ = await h.Observer.NextAsync();
        var upAgain = Assert.IsType<ProbeStateChange>(await h.Observer.NextAsync());
        Assert.Equal((ProbeState.Down, ProbeState.Up), (upAgain.From, upAgain.To));
        Assert.True(upAgain.Result.Success);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Update_ProbeNeverCompletes_CancelledAtTimeoutAndReportedAsTimeout(bool ignoresCancellation)
    {
        await using var h = new Harness(ignoresCancellation);
        h.Scheduler.Update([Options(failureThreshold: 1, timeout: TimeSpan.FromSeconds(3))]);
        await h.Probes["target"].WaitStartedAsync(1);

        // Nothing queued: the run hangs until the clock passes the timeout.
        h.Time.Advance(TimeSpan.FromSeconds(3));
        var (_, result, at) = ((ProbeOptions, ProbeResult, DateTimeOffset))await h.Observer.NextAsync();
        Assert.False(result.Success);
        Assert.Equal(ProbeReasonCodes.Timeout, result.ReasonCode);
        Assert.Contains("3s", result.Detail);
        Assert.Equal(TimeSpan.FromSeconds(3), result.Duration);
        Assert.Equal(Start, at);
        var down = Assert.IsType<ProbeStateChange>(await h.Observer.NextAsync());
        Assert.Equal(ProbeState.Down, down.To);
    }

    [Fact]
    public async Task Update_SameOptionsAgain_KeepsProbeAndItsState()
    {
        await using var h = new Harness();
        var labels = new Dictionary<string, string> { ["team"] = "platform" };
        h.Scheduler.Update([Options(failureThreshold: 1) with { Labels = labels }]);
        await h.Probes["target"].WaitStartedAsync(1);
        h.Probes["target"].Enqueue(false);
        _ = await h.Observer.NextAsync();
        _ = await h.Observer.NextAsync();
        Assert.Equal(ProbeState.Down, h.Scheduler.Snapshot()[0].State);

        // A reload builds new records (and a new dictionary) with the same values.
        h.Scheduler.Update([Options(failureThreshold: 1) with { Labels = new Dictionary<string, string> { ["team"] = "platform" } }]);

        Assert.Equal(1, h.Created);
        Assert.Equal(ProbeState.Down, h.Scheduler.Snapshot()[0].State);
    }

    [Fact]
    public async Task Update_ChangedAndRemovedProbes_RestartChangedAndDropRemoved()
    {
        await using var h = new Harness();
        h.Scheduler.Update([Options(failureThreshold: 1), Options() with { Name = "other" }]);
        await h.Probes["target"].WaitStartedAsync(1);
        h.Probes["target"].Enqueue(false);
        _ = await h.Observer.NextAsync();
        _ = await h.Observer.NextAsync();

        h.Scheduler.Update([Options(failureThreshold: 3)]);

        var status = Assert.Single(h.Scheduler.Snapshot());
        Assert.Equal(3, status.Probe.FailureThreshold);
        Assert.Equal(ProbeState.Unknown, status.State);
        Assert.Equal(3, h.Created);
    }

    /// <summary>Task.Delay refuses waits over about 49 days: a 60-day interval used to fault the probe's loop after its first run, unseen.</summary>
    [Fact]
    public async Task Update_IntervalOverFortyNineDays_ProbeRunsAgainAfterIt()
    {
        await using var h = new Harness();
        h.Scheduler.Update([Options() with { Interval = TimeSpan.FromDays(60) }]);
        var probe = h.Probes["target"];
        await probe.WaitStartedAsync(1);
        probe.Enqueue(true, true);

        // The loop waits in steps: move the clock a day at a time until the second run starts (or the deadline passes).
        var second = probe.WaitStartedAsync(2);
        for (var days = 0; !second.IsCompleted && days < 2000; days++)
        {
            h.Time.Advance(TimeSpan.FromDays(1));
            await Task.WhenAny(second, Task.Delay(10));
        }
        await second;
        Assert.True(h.Time.GetUtcNow() - Start >= TimeSpan.FromDays(60), $"second run after {h.Time.GetUtcNow() - Start}");
    }

    [Fact]
    public void Update_DuplicateNames_Throws()
    {
        var scheduler = new ProbeScheduler(new ProbeContext(new FakeTimeProvider(Start)), new RecordingObserver());
        Assert.Throws<ArgumentException>(() => scheduler.Update([Options(), Options()]));
    }

    [Fact]
    public void Offset_SameName_SameOffsetWithinInterval()
    {
        var a = ProbeScheduler.Offset("apiserver", Interval);
        Assert.Equal(a, ProbeScheduler.Offset("apiserver", Interval));
        Assert.InRange(a, TimeSpan.Zero, Interval);
        var offsets = Enumerable.Range(0, 100).Select(i => ProbeScheduler.Offset($"probe-{i}", Interval)).Distinct().Count();
        Assert.True(offsets > 90, $"only {offsets} distinct offsets for 100 names");
    }
}
