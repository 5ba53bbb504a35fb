namespace Doomsday.Daemon.Logging;

/// <summary>
/// The daemon's log events: the one place their ids, names and severities are defined (docs/logging.md lists
/// them; a test keeps the two equal). Ids are grouped by area in blocks of 100; a released id or name is never
/// reused or renamed — add a new event instead.
/// </summary>
public static class LogEvents
{
    // 1000: the watch process
    public static readonly LogEvent Starting = new(1000, "watch.starting", LogSeverity.Info, "The daemon starts with the config file named.");
    public static readonly LogEvent Listening = new(1001, "watch.listening", LogSeverity.Info, "Start-up finished: the listen address, probe and notifier counts and the store.");
    public static readonly LogEvent NotStarted = new(1002, "watch.not-started", LogSeverity.Error, "Start-up failed; one line per reason (JSON log format only: the text format prints them as plain lines), exit 3.");
    public static readonly LogEvent Stopping = new(1003, "watch.stopping", LogSeverity.Info, "SIGTERM or SIGINT received: deliveries in flight get delivery.shutdownGrace to finish.");
    public static readonly LogEvent Stopped = new(1004, "watch.stopped", LogSeverity.Info, "Asked to stop before or during start-up; exit 0.");
    public static readonly LogEvent ConfigNotWatched = new(1005, "watch.config-not-watched", LogSeverity.Warn, "Changes to the config file are not noticed (the reason is given); SIGHUP still reloads.");

    // 1100: reloads
    public static readonly LogEvent ReloadApplied = new(1100, "reload.applied", LogSeverity.Info, "A reload was applied; the new probe and notifier counts.");
    public static readonly LogEvent ReloadInvalid = new(1101, "reload.invalid", LogSeverity.Warn, "The changed config has errors (one line each, as `config check` prints them); the running config is kept.");
    public static readonly LogEvent ReloadRefused = new(1102, "reload.refused", LogSeverity.Warn, "The changed config is refused (it would monitor nothing without saying so); the running config is kept.");
    public static readonly LogEvent ReloadRetry = new(1103, "reload.retry", LogSeverity.Info, "The config file changed while it was read; it is read again once left alone.");
    public static readonly LogEvent ReloadFailed = new(1104, "reload.failed", LogSeverity.Error, "The reload itself failed (not the config); the running config is kept.");
    public static readonly LogEvent ReloadNeedsRestart = new(1105, "reload.needs-restart", LogSeverity.Warn, "A changed setting (server, delivery, store.path) applies only at the next start.");

    // 1200: workers
    public static readonly LogEvent RoundFailed = new(1200, "worker.round-failed", LogSeverity.Error, "A worker's round threw (a bug or a broken dependency such as the store); /healthz is 503 until a round completes.");
    public static readonly LogEvent WorkerStopped = new(1201, "worker.stopped", LogSeverity.Error, "A worker stopped on an unexpected error.");
    public static readonly LogEvent WorkerRestarting = new(1202, "worker.restarting", LogSeverity.Error, "The outbox worker stopped on an unexpected error and is started again after a pause.");

    // 1300: probes and inventory
    public static readonly LogEvent ProbeDown = new(1300, "probe.down", LogSeverity.Warn, "A probe is down after its failure threshold; the reason code and detail.");
    public static readonly LogEvent ProbeState = new(1301, "probe.state", LogSeverity.Info, "A probe's first result, or a recovery after its success threshold.");
    public static readonly LogEvent InventoryScanned = new(1310, "inventory.scanned", LogSeverity.Info, "A certificate inventory round finished: certificates, read errors, findings.");
    public static readonly LogEvent InventoryHandOffFailed = new(1311, "inventory.hand-off-failed", LogSeverity.Error, "A finished inventory could not be handed to the alert engine.");

    // 1400: alerts
    public static readonly LogEvent AlertTransition = new(1400, "alert.transition", LogSeverity.Info, "An alert changed state (firing, escalated, resolved, silenced...).");
    public static readonly LogEvent NotificationQueued = new(1401, "alert.notification-queued", LogSeverity.Info, "A notification was written to the outbox for the notifiers named.");
    public static readonly LogEvent AlertRoundFailure = new(1402, "alert.evaluation-failed", LogSeverity.Error, "An alert, route, silence or window could not be evaluated this round; the others were.");
    public static readonly LogEvent AlertRoundRecovered = new(1403, "alert.evaluation-recovered", LogSeverity.Info, "Every alert, route, silence and window evaluates again.");
    public static readonly LogEvent DegradedNoNotifier = new(1410, "degraded.no-notifier", LogSeverity.Error, "DoomsdayDegraded could not be sent: no notifier is configured.");
    public static readonly LogEvent DegradedSent = new(1411, "degraded.sent", LogSeverity.Warn, "DoomsdayDegraded was sent directly to a notifier.");
    public static readonly LogEvent DegradedFailed = new(1412, "degraded.failed", LogSeverity.Error, "DoomsdayDegraded could not be delivered to a notifier.");
    public static readonly LogEvent SilencesUnreadable = new(1420, "silences.unreadable", LogSeverity.Warn, "An Alertmanager's active silences cannot be read; none holds back the other notifiers until they can.");
    public static readonly LogEvent SilencesRead = new(1421, "silences.read", LogSeverity.Info, "An Alertmanager's active silences are read again after a failure.");
    public static readonly LogEvent HeartbeatAnswered = new(1430, "heartbeat.answered", LogSeverity.Info, "The dead man's switch was answered.");
    public static readonly LogEvent HeartbeatFailed = new(1431, "heartbeat.failed", LogSeverity.Warn, "The dead man's switch could not be sent.");

    // 1500: the store
    public static readonly LogEvent StoreReplaced = new(1500, "store.replaced", LogSeverity.Error, "The store file was deleted or replaced under the running daemon; the daemon's copy is put back.");
    public static readonly LogEvent StoreRebuilt = new(1501, "store.rebuilt", LogSeverity.Warn, "The store file was rebuilt from the daemon's copy; where the replacing file was kept aside.");
    public static readonly LogEvent RetentionPruned = new(1502, "store.pruned", LogSeverity.Info, "Retention removed old probe results, incidents, snapshots, outbox rows and silences.");

    // 1600: the HTTP API
    public static readonly LogEvent RequestFailed = new(1600, "http.request-failed", LogSeverity.Error, "An API request failed inside the daemon (answered 500 with a JSON error body).");
    public static readonly LogEvent ServerMessage = new(1601, "http.server", LogSeverity.Warn, "A warning or error from the embedded web server (Kestrel), at its own severity.");

    /// <summary>Every event, in id order.</summary>
    public static IReadOnlyList<LogEvent> All { get; } =
    [
        Starting, Listening, NotStarted, Stopping, Stopped, ConfigNotWatched,
        ReloadApplied, ReloadInvalid, ReloadRefused, ReloadRetry, ReloadFailed, ReloadNeedsRestart,
        RoundFailed, WorkerStopped, WorkerRestarting,
        ProbeDown, ProbeState, InventoryScanned, InventoryHandOffFailed,
        AlertTransition, NotificationQueued, AlertRoundFailure, AlertRoundRecovered,
        DegradedNoNotifier, DegradedSent, DegradedFailed, SilencesUnreadable, SilencesRead, HeartbeatAnswered, HeartbeatFailed,
        StoreReplaced, StoreRebuilt, RetentionPruned,
        RequestFailed, ServerMessage,
    ];
}
