using Doomsday.Daemon.Logging;

namespace Doomsday.Daemon.Workers;

/// <summary>
/// Runs one worker's round every interval until cancelled. A round that throws is a bug or a broken
/// dependency (the store refusing writes), not a target failure: it is logged in one line, the worker is
/// unhealthy (<see cref="WorkerHealth.RoundFailed"/>) until a round completes again, and the loop goes on. <see cref="Wake"/> starts the next round at
/// once (after a reload, so a new interval or target set applies without waiting out the old one).
/// </summary>
internal sealed class WorkerLoop(string name, Func<TimeSpan> interval, Func<CancellationToken, Task> round, WorkerHealth health, EventLog log, TimeProvider time)
{
    private CancellationTokenSource _wake = new();

    public string Name => name;

    public void Wake()
    {
        var previous = Interlocked.Exchange(ref _wake, new CancellationTokenSource());
        previous.Cancel();
        previous.Dispose();
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        health.Started(name, interval());
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await round(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e)
                {
                    // /healthz says so until a round completes again (and DoomsdayDegraded is raised)
                    log.Write(LogEvents.RoundFailed, name, "round failed: " + EventLog.Describe(e));
                    health.RoundFailed(name, interval(), EventLog.Describe(e));
                    await WaitAsync(interval(), cancellationToken).ConfigureAwait(false);
                    continue;
                }
                health.Round(name, interval());
                await WaitAsync(interval(), cancellationToken).ConfigureAwait(false);
            }
            health.Stopped(name, "shut down");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            health.Stopped(name, "shut down");
        }
        catch (Exception e)
        {
            health.Stopped(name, EventLog.Describe(e));
            log.Write(LogEvents.WorkerStopped, name, "stopped: " + EventLog.Describe(e));
        }
    }

    /// <summary>Task.Delay refuses more than about 49 days; a longer interval (a config may say 60d) waits in steps.</summary>
    private static readonly TimeSpan MaxSingleWait = TimeSpan.FromDays(1);

    private async Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Volatile.Read(ref _wake).Token);
            for (var left = delay; left > TimeSpan.Zero;)
            {
                var step = left < MaxSingleWait ? left : MaxSingleWait;
                await Task.Delay(step, time, linked.Token).ConfigureAwait(false);
                left -= step;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // woken up
        }
        catch (ObjectDisposedException)
        {
            // the wake source was swapped while we linked to it: treat as a wake-up
        }
    }
}
