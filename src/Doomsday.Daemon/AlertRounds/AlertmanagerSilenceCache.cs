using System.Text;
using Doomsday.Core.Reporting;
using Doomsday.Daemon.Logging;
using Doomsday.Daemon.Telemetry;
using Doomsday.Watch.Alerting;
using Doomsday.Watch.Notifiers;
using Doomsday.Watch.Notifiers.Alertmanager;

namespace Doomsday.Daemon.AlertRounds;

/// <summary>
/// The silences active in each configured Alertmanager (alertmanager notifiers with
/// <c>applySilences</c>), read by its own worker loop every <c>silencesRefresh</c> and kept in memory, so
/// that the engine can ask, without I/O, whether one of them mutes a notification for one of the daemon's
/// other notifiers. Alertmanager notifiers are never muted here: Alertmanager applies its silences itself.
/// Fail-open: while an Alertmanager's silences cannot be read, none of them applies (a notification is never
/// lost to an Alertmanager outage); the first failure and the recovery are logged, and /metrics counts reads.
/// </summary>
internal sealed class AlertmanagerSilenceCache(EventLog log, TimeProvider time) : IExternalSilences
{
    public const string WorkerName = "alertmanager-silences";

    /// <summary>Public contract (docs/metrics.md): reads of an Alertmanager's silences, by notifier and result (success, failure).</summary>
    public const string ReadsMetric = "doomsday_alertmanager_silence_reads_total";

    /// <summary>Public contract: 1 while the last read of the notifier's Alertmanager silences succeeded, else 0 (its silences are then not applied).</summary>
    public const string UpMetric = "doomsday_alertmanager_silences_up";

    /// <summary>Public contract: active silences read from the notifier's Alertmanager at the last successful read.</summary>
    public const string ActiveMetric = "doomsday_alertmanager_silences_active";

    private sealed record Source(AlertmanagerSilences Reader, IReadOnlyList<Silence>? Active, string? Error, DateTimeOffset? ReadAt, long Successes, long Failures);

    private volatile IReadOnlyDictionary<string, Source> _sources = new Dictionary<string, Source>();
    private volatile IReadOnlySet<string> _alertmanagers = new HashSet<string>();

    /// <summary>How often the worker reads: the shortest <c>silencesRefresh</c> configured (15s when none).</summary>
    public TimeSpan Interval { get; private set; } = TimeSpan.FromSeconds(15);

    /// <summary>Takes the notifiers of a (re)loaded config; what was read for a notifier whose options did not change is kept.</summary>
    public void Configure(IEnumerable<NotifierOptions> notifiers, NotifierContext context)
    {
        var all = notifiers.ToList();
        var old = _sources;
        var next = new Dictionary<string, Source>(StringComparer.Ordinal);
        foreach (var am in all.OfType<AlertmanagerNotifierOptions>().Where(a => a.ApplySilences))
        {
            next[am.Name] = old.TryGetValue(am.Name, out var kept) && kept.Reader.Options == am
                ? kept
                : new Source(new AlertmanagerSilences(am, context), null, null, null, 0, 0);
        }
        _alertmanagers = all.OfType<AlertmanagerNotifierOptions>().Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        _sources = next;
        Interval = next.Count == 0 ? TimeSpan.FromSeconds(15) : next.Values.Min(s => s.Reader.Options.SilencesRefresh);
    }

    /// <summary>One read of every Alertmanager's silences (all at once); never throws for an Alertmanager that fails.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var sources = _sources;
        var reads = await Task.WhenAll(sources.Select(async kv => (kv.Key, kv.Value, Read: await kv.Value.Reader.FetchAsync(cancellationToken).ConfigureAwait(false))))
            .ConfigureAwait(false);
        var next = new Dictionary<string, Source>(StringComparer.Ordinal);
        foreach (var (name, before, (silences, error)) in reads)
        {
            if (silences is not null)
            {
                if (before.Error is not null) log.Write(LogEvents.SilencesRead, Component(name), $"silences read again ({silences.Count} active): they apply to the other notifiers again");
                next[name] = before with { Active = silences, Error = null, ReadAt = time.GetUtcNow(), Successes = before.Successes + 1 };
            }
            else
            {
                if (before.Error is null) log.Write(LogEvents.SilencesUnreadable, Component(name), $"cannot read the active silences ({error}); until they can be read, none applies to the other notifiers");
                next[name] = before with { Active = null, Error = error, Failures = before.Failures + 1 };
            }
        }
        // a reload during the read replaced the set: keep the reload's, it is read next round
        if (ReferenceEquals(sources, _sources)) _sources = next;
    }

    public ExternalSilence? Silencing(Notification notification, string notifier)
    {
        if (_alertmanagers.Contains(notifier)) return null;
        foreach (var (name, source) in _sources)
        {
            if (source.Active is not { Count: > 0 } active) continue;
            if (source.Reader.Muting(active, notification) is { } silence)
                return new ExternalSilence("alertmanager " + name, silence.Id, silence.CreatedBy, silence.Comment);
        }
        return null;
    }

    /// <param name="extra">The global labels (a series' own names win).</param>
    public void WriteMetrics(StringBuilder sb, ExtraLabels? extra = null)
    {
        var sources = _sources;
        if (sources.Count == 0) return;
        var global = (extra ?? ExtraLabels.None).Without(["notifier", "result"]);
        string Labels(params (string, string)[] labels) => Exposition.Labels(labels, global);
        DaemonMetrics.Family(sb, ReadsMetric, "counter", "Reads of an Alertmanager's active silences (GET /api/v2/silences), by result",
            sources.SelectMany(kv => new[]
            {
                (Labels(("notifier", kv.Key), ("result", "success")), (double)kv.Value.Successes),
                (Labels(("notifier", kv.Key), ("result", "failure")), (double)kv.Value.Failures),
            }));
        DaemonMetrics.Family(sb, UpMetric, "gauge", "1 if the last read of the Alertmanager's silences succeeded; 0: none of them is applied to the other notifiers",
            sources.Select(kv => (Labels(("notifier", kv.Key)), kv.Value.Active is null ? 0.0 : 1.0)));
        DaemonMetrics.Family(sb, ActiveMetric, "gauge", "Active silences at the last successful read of the Alertmanager",
            sources.Where(kv => kv.Value.Active is not null).Select(kv => (Labels(("notifier", kv.Key)), (double)kv.Value.Active!.Count)));
    }

    private static string Component(string notifier) => $"{WorkerName} {notifier}";
}
