using Doomsday.Daemon.Files;
using Doomsday.Daemon.Logging;
using Doomsday.Watch.Alerting;
using Doomsday.Watch.Store;

namespace Doomsday.Daemon.Workers;

/// <summary>
/// Each round, checks that the store's path still names the file the daemon opened (device and inode). A file
/// deleted (<c>rm doomsday.db*</c>, a cleanup job) or replaced (a backup copied over it by <c>mv</c>) under the
/// running daemon would otherwise go unnoticed while new connections create an empty file beside the open one,
/// and the next start would forget every alert (new idempotency keys, incidents never resolved). When that
/// happens: the store is rebuilt at its path from the copy the daemon still holds open
/// (<see cref="DoomsdayStore.Rebuild"/>), the alert states are written again from the engine's memory, the file
/// found in its place is kept aside, and <c>/healthz</c> reports it (component <see cref="Component"/>) for
/// <see cref="ReportedFor"/>, so that <c>DoomsdayDegraded</c> is raised.
/// </summary>
internal sealed class StoreWatch(DoomsdayStore store, AlertEngine engine, EventLog log, TimeProvider time)
{
    /// <summary>The <c>/healthz</c> component and <c>DoomsdayDegraded</c> label of the store file's problems; also the loop's name.</summary>
    public const string Component = "store";

    /// <summary>How long a rebuilt store stays a <c>/healthz</c> problem: long enough to be alerted on, then it is history.</summary>
    public static readonly TimeSpan ReportedFor = TimeSpan.FromMinutes(10);

    private FileStamp _opened = FileStamp.Of(store.Path);
    private (DateTimeOffset At, string What)? _lost;
    private bool _reseed;

    public Task RoundAsync(CancellationToken cancellationToken)
    {
        var now = FileStamp.Of(store.Path);
        if (!now.SameFile(_opened))
        {
            // Deleted: other connections may already have created an empty file at the path, so "replaced" is
            // not proof that someone put a file there; either way the file the daemon used is gone.
            log.Write(LogEvents.StoreReplaced, Component, $"the store file {store.Path} was deleted or replaced under the running daemon; putting the daemon's copy back");
            var aside = store.Rebuild();
            _opened = FileStamp.Of(store.Path);
            _reseed = true;
            var at = time.GetUtcNow();
            var kept = aside.Count > 0 ? $"; what was found at its path is kept as {string.Join(", ", aside.Select(Path.GetFileName))}" : "";
            _lost = (at, $"the store file was deleted or replaced at {at:yyyy-MM-ddTHH:mm:ssZ}; the daemon's copy was put back{kept}");
            log.Write(LogEvents.StoreRebuilt, Component, $"store rebuilt at {store.Path} (alert states, incidents, outbox and silences as the daemon had them){kept}");
        }
        if (_reseed)
        {
            // the engine's states are the newest (a round may have failed to write while the file was gone)
            foreach (var state in engine.States) store.AlertStates.Put(state.Fingerprint, AlertStateJson.Serialize(state));
            _reseed = false;
        }
        return Task.CompletedTask;
    }

    /// <summary>The <c>/healthz</c> problem while a rebuild is recent.</summary>
    public IEnumerable<HealthProblem> Problems(DateTimeOffset now)
    {
        if (_lost is { } lost && now - lost.At < ReportedFor) yield return new HealthProblem(Component, lost.What);
    }
}
