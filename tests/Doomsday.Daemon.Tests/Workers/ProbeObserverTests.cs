using Doomsday.Daemon.Tests.Support;
using Doomsday.Daemon.Workers;
using Doomsday.Watch.Probes;
using Doomsday.Watch.Probes.Tcp;

namespace Doomsday.Daemon.Tests.Workers;

/// <summary>The log line of a probe's state change, counted in words a person reads.</summary>
public sealed class ProbeObserverTests
{
    private static readonly TcpProbeOptions Probe = new() { Name = "ssh", Address = "127.0.0.1:22" };

    [Theory]
    [InlineData(1, "ssh (tcp) down after 1 failure: connect_refused refused")]
    [InlineData(3, "ssh (tcp) down after 3 failures: connect_refused refused")]
    public void OnStateChanged_Down_CountsFailures(int count, string expected)
    {
        var log = new StringLog();
        var observer = new ProbeObserver(log.Log, () => { });

        observer.OnStateChanged(new ProbeStateChange(Probe, ProbeState.Up, ProbeState.Down, ProbeResult.Fail(TimeSpan.Zero, "connect_refused", "refused"), DateTimeOffset.UtcNow, count));

        Assert.EndsWith(expected, log.ToString().TrimEnd('\n'));
    }

    [Theory]
    [InlineData(1, "ssh (tcp) up after 1 success")]
    [InlineData(2, "ssh (tcp) up after 2 successes")]
    public void OnStateChanged_Up_CountsSuccesses(int count, string expected)
    {
        var log = new StringLog();
        var observer = new ProbeObserver(log.Log, () => { });

        observer.OnStateChanged(new ProbeStateChange(Probe, ProbeState.Down, ProbeState.Up, ProbeResult.Ok(TimeSpan.Zero), DateTimeOffset.UtcNow, count));

        Assert.EndsWith(expected, log.ToString().TrimEnd('\n'));
    }
}
