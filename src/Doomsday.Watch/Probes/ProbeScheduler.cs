using System.Text.Json;
using Doomsday.Core.Certificates;

namespace Doomsday.Watch.Probes;

/// <summary>
/// Runs every probe on its own interval, on the injected <see cref="TimeProvider"/>: one async loop per
/// probe (no thread per probe, no blocking), at most <see cref="ProbeSchedulerOptions.MaxConcurrency"/>
/// runs in flight, first runs spread over one interval. Each run is cancelled after the probe's
/// Timeout and then reported as <c>timeout</c>, even if the probe ignores cancellation. Results go
/// through <see cref="ProbeStatus.After"/> (failure/success thresholds) and out to the
/// <see cref="IProbeObserver"/>. Runs are fixed-rate: a probe due every 15s runs at t, t+15s, t+30s
/// whatever each run took; a run that overruns its slot skips the slots it missed.
/// </summary>
public sealed class ProbeScheduler : IAsyncDisposable
{
    private readonly ProbeContext _context;
    private readonly IProbeObserver _observer;
    private readonly ProbeSchedulerOptions _options;
    private readonly Func<ProbeOptions, IProbe> _factory;
    private readonly SemaphoreSlim _slots;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _observerErrors;
    private bool _disposed;

    public ProbeScheduler(ProbeContext context, IProbeObserver observer, ProbeSchedulerOptions? options = null)
        : this(context, observer, options, null)
    {
    }

    /// <param name="factory">Builds the probe for an options record; default: <see cref="ProbeKinds.Create"/>.</param>
    internal ProbeScheduler(ProbeContext context, IProbeObserver observer, ProbeSchedulerOptions? options, Func<ProbeOptions, IProbe>? factory)
    {
        _context = context;
        _observer = observer;
        _options = options ?? new ProbeSchedulerOptions();
        _factory = factory ?? (o => ProbeKinds.Create(o, context));
        _slots = new SemaphoreSlim(Math.Max(1, _options.MaxConcurrency));
    }

    /// <summary>Exceptions thrown by the observer (swallowed so one bad observer call cannot stop a probe).</summary>
    public long ObserverErrors => Interlocked.Read(ref _observerErrors);

    /// <summary>
    /// Makes <paramref name="probes"/> the running set (probe names must be unique). A probe whose options
    /// are unchanged (same values, compared field by field) keeps running with its state, counters and
    /// schedule; a changed one restarts from <see cref="ProbeState.Unknown"/>; a missing one stops.
    /// </summary>
    public void Update(IReadOnlyList<ProbeOptions> probes)
    {
        var duplicate = probes.GroupBy(p => p.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"probe name '{duplicate.Key}' is used twice", nameof(probes));
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var wanted = probes.ToDictionary(p => p.Name, StringComparer.Ordinal);
            foreach (var name in _entries.Keys.Where(n => !wanted.ContainsKey(n)).ToList())
            {
                _entries[name].Stop.Cancel();
                _entries.Remove(name);
            }
            foreach (var probe in probes)
            {
                var fingerprint = Fingerprint(probe);
                if (_entries.TryGetValue(probe.Name, out var existing))
                {
                    if (existing.Fingerprint == fingerprint) continue;
                    existing.Stop.Cancel();
                }
                var entry = new Entry(probe, fingerprint, _factory(probe));
                _entries[probe.Name] = entry;
                entry.Loop = Task.Run(() => LoopAsync(entry));
            }
        }
    }

    /// <summary>The current status of every probe, ordered by name.</summary>
    public IReadOnlyList<ProbeStatus> Snapshot()
    {
        lock (_lock)
        {
            return _entries.Values.Select(e => e.Status).OrderBy(s => s.Probe.Name, StringComparer.Ordinal).ToList();
        }
    }

    private static readonly TimeSpan MaxSingleWait = TimeSpan.FromDays(1);

    private async Task LoopAsync(Entry entry)
    {
        var time = _context.Time;
        var stop = entry.Stop.Token;
        var interval = entry.Options.Interval > TimeSpan.Zero ? entry.Options.Interval : TimeSpan.FromSeconds(1);
        var next = time.GetUtcNow() + (_options.SpreadStart ? Offset(entry.Options.Name, interval) : TimeSpan.Zero);
        var (delay, partial) = Arm(next);
        while (true)
        {
            // ForceYielding: never run a probe inline on the timer's thread; SuppressThrowing: stopping is not an error.
            await delay.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ForceYielding);
            if (stop.IsCancellationRequested) return;
            if (partial)
            {
                (delay, partial) = Arm(next);
                continue;
            }
            var outcome = await RunOnceAsync(entry, stop).ConfigureAwait(false);
            var now = time.GetUtcNow();
            next += interval;
            if (next <= now) next += interval * Math.Ceiling((now - next) / interval + 1e-9);
            // The wait for the next run starts before anyone hears of this one: an observer that takes
            // its time (or a test that moves a fake clock on what it heard) cannot push the schedule back.
            (delay, partial) = Arm(next);
            if (outcome is { } o) Publish(entry, o.Result, o.At);
        }

        // Task.Delay refuses more than about 49 days: a longer interval waits in steps (partial), else the
        // loop would fault and the probe stop unseen.
        (Task Delay, bool Partial) Arm(DateTimeOffset until)
        {
            var wait = until - time.GetUtcNow();
            if (wait <= TimeSpan.Zero) return (Task.CompletedTask, false);
            return wait < MaxSingleWait ? (Task.Delay(wait, time, stop), false) : (Task.Delay(MaxSingleWait, time, stop), true);
        }
    }

    /// <summary>Runs the probe once within its timeout; null when the scheduler stopped it meanwhile.</summary>
    private async Task<(ProbeResult Result, DateTimeOffset At)?> RunOnceAsync(Entry entry, CancellationToken stop)
    {
        try
        {
            await _slots.WaitAsync(stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        try
        {
            var time = _context.Time;
            var at = time.GetUtcNow();
            var started = time.GetTimestamp();
            var timeout = entry.Options.Timeout > TimeSpan.Zero ? entry.Options.Timeout : TimeSpan.FromSeconds(5);
            using var deadline = new CancellationTokenSource(timeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, deadline.Token);
            ProbeResult result;
            try
            {
                // WaitAsync: the timeout holds even for a probe that never looks at its token.
                result = await entry.Probe.RunAsync(linked.Token).WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return null;
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                result = ProbeResult.Fail(time.GetElapsedTime(started), ProbeReasonCodes.Timeout, $"no result within {Limit(timeout)}");
            }
            catch (Exception e)
            {
                // A bug in a probe, not a failing target; still data, so the loop and the others go on.
                result = ProbeResult.Fail(time.GetElapsedTime(started), ProbeReasonCodes.ProbeError, $"{e.GetType().Name}: {e.Message}");
            }
            return (result, at);
        }
        finally
        {
            _slots.Release();
        }
    }

    private void Publish(Entry entry, ProbeResult result, DateTimeOffset at)
    {
        ProbeStateChange? change;
        lock (_lock)
        {
            if (entry.Stop.IsCancellationRequested) return; // replaced or removed while running: its result is stale
            (entry.Status, change) = entry.Status.After(result, at);
        }
        try
        {
            _observer.OnResult(entry.Options, result, at);
        }
        catch (Exception)
        {
            Interlocked.Increment(ref _observerErrors);
        }
        if (change is null) return;
        try
        {
            _observer.OnStateChanged(change);
        }
        catch (Exception)
        {
            Interlocked.Increment(ref _observerErrors);
        }
    }

    private static string Limit(TimeSpan t) =>
        t.Ticks % TimeSpan.TicksPerSecond == 0 ? Durations.Format(t) : $"{(long)t.TotalMilliseconds}ms";

    /// <summary>A fixed offset in [0, interval) from the name (FNV-1a), stable across restarts.</summary>
    internal static TimeSpan Offset(string name, TimeSpan interval)
    {
        var hash = 2166136261u;
        foreach (var c in name)
        {
            hash ^= c;
            hash *= 16777619u;
        }
        return TimeSpan.FromTicks((long)(interval.Ticks * (hash / (double)uint.MaxValue) * 0.999));
    }

    /// <summary>Value identity of an options record: its full YAML (records compare lists and dictionaries by reference); by reference for a type the config does not know.</summary>
    internal static string Fingerprint(ProbeOptions options) =>
        options.GetType().FullName + (Configuration.ConfigRenderer.Identity(options) ?? "#" + System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(options));

    public async ValueTask DisposeAsync()
    {
        List<Task> loops;
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var e in _entries.Values) e.Stop.Cancel();
            loops = _entries.Values.Select(e => e.Loop).OfType<Task>().ToList();
            _entries.Clear();
        }
        await Task.WhenAll(loops).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private sealed class Entry(ProbeOptions options, string fingerprint, IProbe probe)
    {
        public ProbeOptions Options { get; } = options;
        public string Fingerprint { get; } = fingerprint;
        public IProbe Probe { get; } = probe;
        public CancellationTokenSource Stop { get; } = new();
        public ProbeStatus Status { get; set; } = ProbeStatus.Initial(options);
        public Task? Loop { get; set; }
    }
}
