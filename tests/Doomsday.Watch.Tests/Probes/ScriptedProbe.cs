using System.Threading.Channels;
using Doomsday.Watch.Probes;

namespace Doomsday.Watch.Tests.Probes;

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
