using System.Globalization;
using Doomsday.Daemon.Logging;
using Doomsday.Daemon.Workers;
using Doomsday.Watch.Alerting;
using Doomsday.Watch.Notifiers;
using Doomsday.Watch.Notifiers.Delivery;

namespace Doomsday.Daemon.AlertRounds;

/// <summary>
/// The channel of last resort. <see cref="DaemonAlertNames.DoomsdayDegraded"/> normally goes through the alert
/// engine and the outbox like any alert; but when what fails IS that path (the alert round throws or stalls,
/// the outbox loop stopped, the store refuses writes or its file is gone), nothing queued there would ever
/// be sent. Each round this worker looks at those components only; one failing (not merely partial) for
/// <c>hold</c> is notified directly to every configured notifier (<see cref="DirectDelivery"/>, not stored),
/// again every <see cref="RepeatEvery"/> while it lasts, and resolved to the same notifiers when it heals.
/// Ids follow the engine's form (<c>{fingerprint}-{episode}-{sequence}-{transition}</c>), so receivers can
/// deduplicate; a restart starts a new episode.
/// </summary>
internal sealed class DirectAlarm(WorkerHealth health, Func<IReadOnlyList<INotifier>> notifiers, Func<TimeSpan> hold, EventLog log, TimeProvider time)
{
    public const string Name = "alarm";

    /// <summary>How often a lasting failure is notified again.</summary>
    public static readonly TimeSpan RepeatEvery = TimeSpan.FromHours(1);

    private sealed class Episode(DateTimeOffset since)
    {
        public DateTimeOffset Since { get; } = since;
        public int Sequence { get; set; }
        public DateTimeOffset? LastSentAt { get; set; }
        public HashSet<string> NotifiedTo { get; } = new(StringComparer.Ordinal);
    }

    private readonly Dictionary<string, Episode> _episodes = new(StringComparer.Ordinal);

    /// <summary>Components whose failure stops every other alert from being delivered.</summary>
    public static readonly IReadOnlySet<string> AlertPath = new HashSet<string>(StringComparer.Ordinal) { AlertWorker.Name, OutboxComponent, StoreWatch.Component };

    public const string OutboxComponent = "outbox";

    public async Task RoundAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var failing = health.Issues().Where(p => !p.Partial && AlertPath.Contains(p.Component))
            .GroupBy(p => p.Component, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var (component, episode) in _episodes.Where(kv => !failing.ContainsKey(kv.Key)).ToList())
        {
            _episodes.Remove(component);
            if (episode.NotifiedTo.Count > 0)
            {
                var resolved = Build(component, episode, NotificationIds.Resolved, "resolved", $"doomsday recovered: {component} works again", "", now);
                await SendAsync(resolved, notifiers().Where(n => episode.NotifiedTo.Contains(n.Options.Name)).ToList(), cancellationToken).ConfigureAwait(false);
            }
        }
        foreach (var (component, problems) in failing)
        {
            if (!_episodes.TryGetValue(component, out var episode)) _episodes[component] = episode = new Episode(now);
            if (now - episode.Since < hold()) continue;
            if (episode.LastSentAt is { } last && now - last < RepeatEvery) continue;
            var condition = DegradedConditions.Condition(component, problems);
            var transition = episode.Sequence == 0 ? NotificationIds.Firing : NotificationIds.Repeat;
            var firing = Build(component, episode, transition, "firing", condition.Summary, condition.Detail, now);
            var targets = notifiers();
            episode.LastSentAt = now;
            foreach (var n in targets) episode.NotifiedTo.Add(n.Options.Name);
            await SendAsync(firing, targets, cancellationToken).ConfigureAwait(false);
        }
    }

    private static Notification Build(string component, Episode episode, string transition, string status, string summary, string detail, DateTimeOffset now)
    {
        var labels = DegradedConditions.Labels(component);
        var fingerprint = AlertFingerprint.Compute(DaemonAlertNames.DoomsdayDegraded, labels);
        episode.Sequence++;
        return new Notification
        {
            Id = string.Create(CultureInfo.InvariantCulture, $"{fingerprint}-{episode.Since.ToUnixTimeMilliseconds()}-{episode.Sequence}-{transition}"),
            AlertName = DaemonAlertNames.DoomsdayDegraded,
            Fingerprint = fingerprint,
            Status = status,
            Severity = DegradedConditions.Severity,
            Summary = summary,
            Detail = detail,
            Labels = labels,
            Annotations = new Dictionary<string, string>(StringComparer.Ordinal) { ["transition"] = transition, ["delivery"] = "direct" },
            StartsAt = episode.Since,
            EndsAt = status == "resolved" ? now : null,
            CreatedAt = now,
        };
    }

    private async Task SendAsync(Notification notification, IReadOnlyList<INotifier> targets, CancellationToken cancellationToken)
    {
        if (targets.Count == 0)
        {
            log.Write(LogEvents.DegradedNoNotifier, Name, $"{notification.AlertName} {notification.Status} ({notification.Labels[DaemonAlertNames.Labels.Component]}): no notifier configured to tell",
                new("alert", notification.AlertName), new("status", notification.Status));
            return;
        }
        foreach (var (notifier, result) in await DirectDelivery.SendAsync(targets, notification, cancellationToken).ConfigureAwait(false))
        {
            var line = $"{notification.AlertName} {notification.Status} sent directly to {notifier}: {result.Status.ToString().ToLowerInvariant()} ({result.Detail})";
            log.Write(result.Status == DeliveryStatus.Delivered ? LogEvents.DegradedSent : LogEvents.DegradedFailed, Name, line,
                new("alert", notification.AlertName), new("status", notification.Status), new("notifier", notifier));
        }
    }
}
