using System.Threading.Channels;
using Doomsday.Watch.Probes;

namespace Doomsday.Watch.Tests.Probes;

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
