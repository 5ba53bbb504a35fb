using System.Collections.Concurrent;
using Doomsday.Watch.Store;

namespace Doomsday.Watch.Notifiers.Delivery;

/// <summary>
/// Durable delivery. <see cref="Enqueue"/> writes one row per notifier (per replica for
/// <see cref="IMultiTargetNotifier"/>) in one transaction before anything is sent. <see cref="RunAsync"/>
/// runs one lane per (notifier, target): lanes send independently, so a slow or unreachable receiver
/// only delays its own lane. Within a lane rows are claimed oldest first, up to
/// <see cref="DeliverySettings.MaxInFlightPerLane"/> at once, and a row is never claimed while an earlier
/// row of the same alert is still pending (in flight or waiting to retry): order holds per alert, and
/// two notifications of one alert are never in flight together; different alerts may complete in any
/// order. A row is marked sent only after the receiver accepted it; a retry is
/// persisted with its next attempt time, so backoff survives restarts; rows older than
/// <see cref="DeliverySettings.MaxAge"/> expire. Every attempt of a real (non-test) notification is an
/// incident event, except a re-send's delivery and retries (<see cref="Notification.IsResend"/>).
/// At-least-once: a row in flight when the process dies is sent again after the restart (receivers
/// deduplicate on <see cref="Notification.Id"/>); a row marked sent never is.
/// Stopping is graceful: no new row is claimed, attempts in flight get
/// <see cref="DeliverySettings.ShutdownGrace"/> to finish and have their answer recorded (so a SIGTERM
/// causes no duplicate), and one still running then is cancelled and handed back: its lease is released,
/// so the next start sends it at once.
/// </summary>
public sealed class Outbox
{
    private readonly DoomsdayStore _store;
    private readonly DeliverySettings _options;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly ConcurrentDictionary<(string, int), Task> _lanes = new();
    private volatile IReadOnlyDictionary<string, INotifier> _notifiers;
    private TaskCompletionSource _wake = NewWake();

    public Outbox(DoomsdayStore store, IEnumerable<INotifier> notifiers, DeliverySettings options, Random? random = null)
    {
        _store = store;
        _options = options;
        _time = store.Time;
        _random = random ?? Random.Shared;
        _notifiers = Index(notifiers);
    }

    /// <summary>The notifiers in force (for the direct alarm when the outbox itself cannot deliver).</summary>
    public IReadOnlyList<INotifier> Notifiers => _notifiers.Values.ToList();

    /// <summary>Replaces the notifier set (config reload). Lanes of removed notifiers stop; their rows wait and expire.</summary>
    public void SetNotifiers(IEnumerable<INotifier> notifiers)
    {
        _notifiers = Index(notifiers);
        Wake();
    }

    /// <summary>
    /// Durably queues <paramref name="notification"/> for each named notifier; returns the rows added
    /// (0 when this id was already queued for them). A name that is not configured still gets a row,
    /// which waits for the notifier to appear and expires otherwise: nothing is dropped silently.
    /// </summary>
    public int Enqueue(Notification notification, IEnumerable<string> notifierNames)
    {
        var added = _store.Outbox.Enqueue(notification, Destinations(notifierNames));
        Wake();
        return added;
    }

    /// <summary>
    /// <see cref="Enqueue(Notification, IEnumerable{string})"/> inside <paramref name="tx"/>: the rows exist
    /// only if it commits. The lanes are not woken (they would find nothing yet): call <see cref="Wake"/>
    /// after the commit.
    /// </summary>
    public int Enqueue(Notification notification, IEnumerable<string> notifierNames, StoreTransaction tx) =>
        _store.Outbox.Enqueue(notification, Destinations(notifierNames), tx);

    /// <summary>Tells the lanes that rows were committed, so they claim them now instead of at the next poll.</summary>
    public void Wake() => Interlocked.Exchange(ref _wake, NewWake()).TrySetResult();

    /// <summary>
    /// Delivers until cancelled. First releases rows a previous process left in flight (this process
    /// owns the store). On cancellation nothing new is claimed; attempts in flight may finish for
    /// <see cref="DeliverySettings.ShutdownGrace"/>, then are cancelled and their rows handed back (pending,
    /// due at once). Returns when every attempt has ended.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _store.Outbox.ReleaseLeases();
        using var abort = new CancellationTokenSource();
        using var graceful = cancellationToken.Register(() => abort.CancelAfter(Grace));
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var wake = _wake.Task;
                try
                {
                    ExpireOld();
                }
                catch (Microsoft.Data.Sqlite.SqliteException e)
                {
                    // the store busy beyond its timeout: expiry waits for the next pass
                    LastLaneError = $"expiry: SQLite error {e.SqliteErrorCode}";
                }
                foreach (var (name, notifier) in _notifiers)
                {
                    var targets = TargetsOf(notifier);
                    for (var t = 0; t < targets; t++)
                    {
                        var key = (name, t);
                        if (_lanes.TryGetValue(key, out var running) && !running.IsCompleted) continue;
                        var target = t;
                        _lanes[key] = Task.Run(() => LaneAsync(name, target, cancellationToken, abort.Token), CancellationToken.None);
                    }
                }
                await WaitAsync(wake, _options.PollInterval, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        try
        {
            await Task.WhenAll(_lanes.Values).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        _lanes.Clear();
    }

    /// <summary>
    /// One pass without waiting: expires old rows, then attempts every row due now, lane by lane; returns
    /// the number of attempts. For tests and one-shot use; do not run it beside <see cref="RunAsync"/>.
    /// </summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        ExpireOld();
        var attempts = 0;
        foreach (var (name, target) in _store.Outbox.PendingLanes())
            attempts += await DrainAsync(name, target, cancellationToken, cancellationToken).ConfigureAwait(false);
        return attempts;
    }

    /// <summary>The last unexpected error a lane stopped on (the supervisor restarts it); null when none.</summary>
    public string? LastLaneError { get; private set; }

    /// <summary>Called after every attempt with the notifier's name and what the receiver answered (the daemon counts them for /metrics). Must not throw.</summary>
    public Action<string, DeliveryResult>? Attempted { get; set; }

    /// <summary>Zero or more (a negative grace would be refused by the timer).</summary>
    private TimeSpan Grace => _options.ShutdownGrace > TimeSpan.Zero ? _options.ShutdownGrace : TimeSpan.Zero;

    private async Task LaneAsync(string name, int target, CancellationToken ct, CancellationToken abort)
    {
        try
        {
            await LaneLoopAsync(name, target, ct, abort).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // e.g. the store busy beyond its timeout: the lane ends, the next supervisor pass restarts it
            LastLaneError = $"{name}[{target}]: {e.GetType().Name}";
        }
    }

    private async Task LaneLoopAsync(string name, int target, CancellationToken ct, CancellationToken abort)
    {
        while (!ct.IsCancellationRequested && _notifiers.ContainsKey(name))
        {
            var wake = _wake.Task;
            await DrainAsync(name, target, ct, abort).ConfigureAwait(false);
            var next = _store.Outbox.NextDue(name, target);
            var wait = _options.PollInterval;
            if (next is { } due)
            {
                var untilDue = due - _time.GetUtcNow();
                if (untilDue < wait) wait = untilDue < TimeSpan.Zero ? TimeSpan.Zero : untilDue;
            }
            await WaitAsync(wake, wait, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Claims and attempts the lane's due rows, up to <see cref="DeliverySettings.MaxInFlightPerLane"/> at
    /// once, until none is claimable and none is in flight. A finished attempt frees a slot and may make
    /// the next row of its alert claimable, so claiming resumes after each. The claim itself enforces the
    /// per-alert order (the store skips rows behind a pending row of the same alert, and an in-flight row
    /// is pending until its result is written). Claiming stops when <paramref name="ct"/> is cancelled;
    /// the attempts themselves are cancelled only by <paramref name="abort"/> (the end of the grace period).
    /// Returns the attempts made; returns only after every attempt it started has finished or was handed back.
    /// </summary>
    private async Task<int> DrainAsync(string name, int target, CancellationToken ct, CancellationToken abort)
    {
        var attempts = 0;
        var max = Math.Max(1, _options.MaxInFlightPerLane);
        var inFlight = new Dictionary<Task, long>();
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStop = ct.Register(() => stopped.TrySetResult());
        try
        {
            while (!ct.IsCancellationRequested)
            {
                OutboxRow? row = null;
                INotifier? notifier = null;
                if (inFlight.Count < max && _notifiers.TryGetValue(name, out notifier))
                {
                    // the lease outlasts the attempt (its timeout is enforced) and is only read after a crash
                    var lease = notifier.Options.Timeout * 2 + TimeSpan.FromSeconds(5);
                    row = _store.Outbox.ClaimNext(name, target, lease);
                    // a row claimed again while its attempt is still running (an attempt that overran its
                    // lease): never two attempts of one row at once; wait for the running one instead
                    if (row is not null && inFlight.ContainsValue(row.Id)) row = null;
                }
                if (row is not null)
                {
                    attempts++;
                    inFlight.Add(AttemptAsync(notifier!, row, abort), row.Id);
                    continue;
                }
                if (inFlight.Count == 0) return attempts;
                // woken by the first attempt to finish, or by the stop (claiming then ends; finally waits for the rest)
                var done = await Task.WhenAny(inFlight.Keys.Append(stopped.Task)).ConfigureAwait(false);
                if (!inFlight.ContainsKey(done)) break;
                inFlight.Remove(done);
                await done.ConfigureAwait(false);
            }
            return attempts;
        }
        finally
        {
            // a failed attempt (or cancellation) ends the drain: let the others finish writing their result first
            try
            {
                await Task.WhenAll(inFlight.Keys).ConfigureAwait(false);
            }
            catch (Exception) when (inFlight.Count > 0)
            {
                // already ending on the first error; the lane's supervisor records it
            }
        }
    }

    private async Task AttemptAsync(INotifier notifier, OutboxRow row, CancellationToken ct)
    {
        if (_time.GetUtcNow() - row.CreatedAt >= _options.MaxAge)
        {
            Expire(row);
            return;
        }
        if (notifier is IMultiTargetNotifier multi && row.Target >= multi.TargetCount)
        {
            _store.Outbox.MarkFailed(row.Id, "target no longer configured");
            Record(row, IncidentEventKinds.NotificationFailed, "target no longer configured");
            return;
        }
        DeliveryResult result;
        try
        {
            result = await NotifierAttempt.SendAsync(notifier, row.Target, row.Notification, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping and the grace period is over: whether the receiver got it is unknown, so the row goes
            // back to pending, due at the next start (at-least-once; receivers deduplicate on the id).
            _store.Outbox.Release(row.Id, "interrupted by shutdown");
            Record(row, IncidentEventKinds.NotificationRetry, $"attempt {row.Attempts}: interrupted by shutdown after {Grace.TotalSeconds:0.#}s; sent again at the next start");
            return;
        }
        Attempted?.Invoke(notifier.Options.Name, result);
        var where = notifier is IMultiTargetNotifier m ? $" {m.DescribeTarget(row.Target)}" : "";
        var detail = $"attempt {row.Attempts}{where}: {result.Detail}";
        switch (result.Status)
        {
            case DeliveryStatus.Delivered:
                _store.Outbox.MarkSent(row.Id, result.Detail);
                Record(row, IncidentEventKinds.NotificationSent, detail);
                break;
            case DeliveryStatus.Failed:
                _store.Outbox.MarkFailed(row.Id, result.Detail);
                Record(row, IncidentEventKinds.NotificationFailed, detail);
                break;
            default:
                TimeSpan wait;
                if (result.RetryAfter is { } asked) wait = asked;
                else lock (_random) wait = Backoff.Delay(row.Attempts, _options.BaseBackoff, _options.MaxBackoff, _random);
                _store.Outbox.Reschedule(row.Id, _time.GetUtcNow() + wait, result.Detail);
                Record(row, IncidentEventKinds.NotificationRetry, $"{detail} (next in {wait.TotalSeconds:0.#}s)");
                break;
        }
    }

    private void ExpireOld()
    {
        foreach (var row in _store.Outbox.PendingCreatedBefore(_time.GetUtcNow() - _options.MaxAge)) Expire(row);
    }

    private void Expire(OutboxRow row)
    {
        var detail = $"not delivered within {_options.MaxAge.TotalHours:0.##}h after {row.Attempts} attempt(s); last: {row.LastDetail}";
        _store.Outbox.MarkExpired(row.Id, detail);
        Record(row, IncidentEventKinds.NotificationExpired, detail);
    }

    private void Record(OutboxRow row, string kind, string detail)
    {
        if (row.Notification.IsTest) return;
        // A re-send tells nothing new: its delivery and retries stay out of the timeline (/metrics counts
        // them); only giving up is recorded, since the receiver may then resolve the alert on its own.
        if (row.Notification.IsResend && kind is not (IncidentEventKinds.NotificationFailed or IncidentEventKinds.NotificationExpired)) return;
        _store.Incidents.Record(row.Notification.Fingerprint, row.Notification.AlertName,
            new IncidentEvent(_time.GetUtcNow(), kind, $"{row.Notification.Status}: {detail}", row.Notifier, row.Notification.Id));
    }

    private async Task WaitAsync(Task wake, TimeSpan wait, CancellationToken ct)
    {
        if (wait <= TimeSpan.Zero) return;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var delay = Task.Delay(wait, _time, cts.Token);
        await Task.WhenAny(wake, delay).ConfigureAwait(false);
        await cts.CancelAsync().ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
    }

    private List<(string, int)> Destinations(IEnumerable<string> notifierNames)
    {
        var notifiers = _notifiers;
        var destinations = new List<(string, int)>();
        foreach (var name in notifierNames.Distinct(StringComparer.Ordinal))
        {
            var targets = TargetsOf(notifiers.GetValueOrDefault(name));
            for (var t = 0; t < targets; t++) destinations.Add((name, t));
        }
        return destinations;
    }

    /// <summary>
    /// Rows per notification: one per replica, at least one (a notifier configured with no replica gets a
    /// row that fails visibly instead of the notification vanishing).
    /// </summary>
    private static int TargetsOf(INotifier? notifier) => notifier is IMultiTargetNotifier m ? Math.Max(1, m.TargetCount) : 1;

    private static TaskCompletionSource NewWake() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static Dictionary<string, INotifier> Index(IEnumerable<INotifier> notifiers) =>
        notifiers.ToDictionary(n => n.Options.Name, StringComparer.Ordinal);
}
