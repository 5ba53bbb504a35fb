using System.Threading.Channels;
using Doomsday.Core.Probes;

namespace Doomsday.Core.Tests.Probes;

/// <summary>Options of the in-test probe kind: the scheduler does not care what a probe checks.</summary>
internal sealed record ScriptedProbeOptions : ProbeOptions
{
    public override string Kind => "scripted";
}

/// <summary>
/// A probe whose next results the test queues. A run with nothing queued never completes (until
/// cancelled): that is how a hung target looks. Each start is signalled, so a test can wait for
/// "the run has begun" instead of sleeping.
/// </summary>
internal sealed class ScriptedProbe(ProbeOptions options) : IProbe
{
    private readonly Channel<ProbeResult> _results = Channel.CreateUnbounded<ProbeResult>();
    private readonly Channel<int> _starts = Channel.CreateUnbounded<int>();
    private int _runs;

    public ProbeOptions Options => options;

    public bool IgnoreCancellation { get; init; }

    public void Enqueue(params bool[] outcomes)
    {
        foreach (var ok in outcomes)
        {
            _results.Writer.TryWrite(ok ? ProbeResult.Ok(TimeSpan.FromMilliseconds(5), "fine") : ProbeResult.Fail(TimeSpan.FromMilliseconds(5), "connect_refused", "refused"));
        }
    }

    public async Task WaitStartedAsync(int run) 
    {
        while (true)
        {
            var n = await _starts.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
            if (n >= run) return;
        }
    }

    public async Task<ProbeResult> RunAsync(CancellationToken cancellationToken)
    {
        _starts.Writer.TryWrite(Interlocked.Increment(ref _runs));
        if (_results.Reader.TryRead(out var ready)) return ready;
        if (IgnoreCancellation) return await new TaskCompletionSource<ProbeResult>().Task;
        return await _results.Reader.ReadAsync(cancellationToken);
    }
}

/// <summary>Collects what the scheduler publishes; the test awaits the next event (a signal, not a sleep).</summary>
internal sealed class RecordingObserver : IProbeObserver
{
    private readonly Channel<object> _events = Channel.CreateUnbounded<object>();

    public void OnResult(ProbeOptions probe, ProbeResult result, DateTimeOffset at) => _events.Writer.TryWrite((probe, result, at));

    public void OnStateChanged(ProbeStateChange change) => _events.Writer.TryWrite(change);

    /// <summary>The next event: a (ProbeOptions, ProbeResult, DateTimeOffset) tuple or a <see cref="ProbeStateChange"/>.</summary>
    public Task<object> NextAsync() => _events.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));

    public bool TryNext(out object? e) => _events.Reader.TryRead(out e);
}
