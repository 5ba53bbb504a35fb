using System.Globalization;
using System.Text;
using Doomsday.Watch.Alerting;
using Doomsday.Watch.Store;

namespace Doomsday.Watch.Incidents;

/// <summary>
/// A blameless post-mortem draft in Markdown, from one incident's timeline: summary, impact, timeline,
/// detection (the <see cref="IncidentFigures"/> and every delivery), root cause and action items. What
/// Doomsday knows is filled in; what only people know is left as italic prompts for the author. The
/// sections follow the post-mortem template of Google's SRE book (appendix D) and PagerDuty's
/// post-mortem guide. Text from the outside world is escaped (<see cref="MarkdownText"/>).
/// </summary>
public static class PostmortemWriter
{
    /// <param name="alert">The alert as the engine still tracks it (labels, severity), or null once forgotten.</param>
    public static string Write(Incident incident, AlertState? alert, DateTimeOffset now)
    {
        var f = IncidentFigures.Of(incident);
        var sb = new StringBuilder(4096);
        var summary = Summary(incident);
        var title = summary.Length > 0 ? $"{incident.AlertName}: {summary}" : incident.AlertName;
        Line(sb, $"# Post-mortem (draft): {MarkdownText.Escape(title)}");
        Line(sb);
        Line(sb, $"> Drafted by Doomsday from incident {incident.Id} on {Utc(now)}. Blameless: describe what happened and what let it happen, not who erred. Replace every *italic prompt* before sharing.");
        Line(sb);
        Line(sb, "| | |");
        Line(sb, "|---|---|");
        Line(sb, $"| Incident | {incident.Id} (alert {MarkdownText.Code(incident.AlertName)}, fingerprint {MarkdownText.Code(incident.Fingerprint)}) |");
        Line(sb, $"| Status | {(incident.ResolvedAt is null ? "open" : IncidentFigures.ClearedBeforeFiring(incident) ? "cleared before firing" : "resolved")} |");
        if (alert is not null)
        {
            Line(sb, $"| Severity | {MarkdownText.Escape(alert.Severity)} |");
            if (alert.Labels.Count > 0)
                Line(sb, $"| Labels | {string.Join(", ", alert.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => MarkdownText.Code($"{l.Key}={l.Value}")))} |");
        }
        Line(sb, $"| Started | {Utc(f.Start)} ({StartWhat(incident)}) |");
        Line(sb, $"| Resolved | {(incident.ResolvedAt is { } r ? $"{Utc(r)}, {IncidentDurations.Format(r - f.Start)} after the start" : "not yet")} |");
        Line(sb);

        Line(sb, "## Summary");
        Line(sb);
        Line(sb, MarkdownText.Escape(SummarySentence(incident, f, summary)));
        Line(sb);
        Line(sb, "*In two or three sentences, for someone who was not there: what broke, who noticed, what fixed it.*");
        Line(sb);

        Line(sb, "## Impact");
        Line(sb);
        Line(sb, incident.ResolvedAt is { } end
            ? $"- As Doomsday saw it: {IncidentDurations.Format(end - f.Start)}, from {Utc(f.Start)} to {Utc(end)}."
            : $"- As Doomsday saw it: ongoing since {Utc(f.Start)} ({IncidentDurations.Format(now - f.Start)} when this draft was written).");
        Line(sb, "- *Who and what was affected (users, services, requests failed or delayed), and how badly.*");
        Line(sb, "- *Was any data lost or any promise to users (SLO) broken?*");
        Line(sb);

        Timeline(sb, incident, f);
        Detection(sb, incident, f);

        Line(sb, "## Root cause");
        Line(sb);
        if (LastFailureDetail(incident) is { Length: > 0 } evidence)
        {
            Line(sb, $"Doomsday's last evidence before recovery: {MarkdownText.Escape(evidence)}");
            Line(sb);
        }
        Line(sb, "*Why did it happen? Ask \"why\" until the answer is something that can be changed. What triggered it, and what made it possible?*");
        Line(sb);
        Line(sb, "## Resolution");
        Line(sb);
        Line(sb, "*What was done to recover, by whom, and how it was verified.*");
        Line(sb);

        Line(sb, "## Action items");
        Line(sb);
        Line(sb, "| Action | Kind | Owner | Tracking |");
        Line(sb, "|---|---|---|---|");
        Line(sb, "| *...* | *prevent / mitigate / detect* | *...* | *...* |");
        Line(sb);
        var hints = Suggestions(incident, f);
        if (hints.Count > 0)
        {
            Line(sb, "Suggested by the timeline (keep what applies):");
            Line(sb);
            foreach (var h in hints) Line(sb, "- " + h);
            Line(sb);
        }

        Line(sb, "## Lessons learned");
        Line(sb);
        Line(sb, "- What went well: *...*");
        Line(sb, "- What went wrong: *...*");
        Line(sb, "- Where we got lucky: *...*");
        return sb.ToString();
    }

    /// <summary>What the alert said when it fired (the firing event's detail), else the first event's.</summary>
    public static string Summary(Incident i) =>
        i.Events.FirstOrDefault(e => e.Kind == IncidentEventKinds.Firing && e.Detail.Length > 0)?.Detail
        ?? i.Events.FirstOrDefault(e => e.Detail.Length > 0)?.Detail ?? "";

    private static string SummarySentence(Incident i, IncidentFigures f, string summary)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{i.AlertName}");
        if (summary.Length > 0) sb.Append(CultureInfo.InvariantCulture, $" ({summary})");
        sb.Append(CultureInfo.InvariantCulture, $" started at {Utc(f.Start)}.");
        if (IsPosted(i))
        {
            sb.Append(CultureInfo.InvariantCulture, $" It began with: {StartWhat(i)}");
            sb.Append(f.ToResolve is { } closed ? $"; a verified renewal closed it after {IncidentDurations.Format(closed)}." : "; it is not resolved yet.");
            return sb.ToString();
        }
        if (f.ToDetect is { } d) sb.Append(CultureInfo.InvariantCulture, $" Doomsday fired the alert {IncidentDurations.Format(d)} after the start");
        else sb.Append(" The alert never fired");
        sb.Append(f.ToNotify is { } n ? $"; a receiver had it {IncidentDurations.Format(n)} after the start" : "; no notification was delivered");
        sb.Append(f.ToAcknowledge is { } a ? $"; it was acknowledged after {IncidentDurations.Format(a)}" : "; nobody acknowledged it");
        sb.Append(f.ToResolve is { } r ? $"; it resolved after {IncidentDurations.Format(r)}." : "; it is not resolved yet.");
        return sb.ToString();
    }

    private static void Timeline(StringBuilder sb, Incident i, IncidentFigures f)
    {
        var spansDays = i.Events.Count > 0 && i.Events[^1].At.UtcDateTime.Date != f.Start.UtcDateTime.Date;
        Line(sb, "## Timeline (UTC)");
        Line(sb);
        Line(sb, "| Time | Since start | Event | Notifier | Detail |");
        Line(sb, "|---|---|---|---|---|");
        foreach (var e in i.Events)
        {
            var time = e.At.UtcDateTime.ToString(spansDays ? "yyyy-MM-dd HH:mm:ss.fff" : "HH:mm:ss.fff", CultureInfo.InvariantCulture);
            Line(sb, $"| {time} | +{IncidentDurations.Format(e.At - f.Start)} | {IncidentEventText.Label(e.Kind)} | {MarkdownText.Escape(e.Notifier)} | {MarkdownText.Escape(e.Detail)} |");
        }
        Line(sb);
        Line(sb, "*Add what people saw and did between these lines: who was paged, what was tried, what was decided.*");
        Line(sb);
    }

    private static void Detection(StringBuilder sb, Incident i, IncidentFigures f)
    {
        Line(sb, "## Detection");
        Line(sb);
        if (IsPosted(i))
        {
            // Written by another program (doomsday renew), not raised by an alert: no detection or notification to time.
            Line(sb, "Written into the incident log by another program (`doomsday renew`), not raised by an alert: there was no check to fail, no alert to fire and no notification to time.");
            Line(sb);
            return;
        }
        Line(sb, $"Each figure is measured from the start ({StartWhat(i)}, {Utc(f.Start)}).");
        Line(sb);
        Line(sb, "| Figure | Value | Until |");
        Line(sb, "|---|---|---|");
        Figure(sb, "Time to detect", f.ToDetect, "the alert fired", "never fired");
        Figure(sb, "Time to notify", f.ToNotify, "a receiver accepted the first notification", "no notification delivered");
        Figure(sb, "Time to acknowledge", f.ToAcknowledge, "someone acknowledged the alert", "not acknowledged");
        Figure(sb, "Time to resolve", f.ToResolve, "the alert resolved", "not resolved");
        Line(sb);
        var deliveries = i.Events.Where(e => e.Notifier is not null && e.Kind.StartsWith("notification_", StringComparison.Ordinal))
            .GroupBy(e => e.Notifier!, StringComparer.Ordinal).ToList();
        if (deliveries.Count > 0)
        {
            Line(sb, "Deliveries per notifier:");
            Line(sb);
            foreach (var g in deliveries)
            {
                var sent = g.Count(e => e.Kind == IncidentEventKinds.NotificationSent);
                var retried = g.Count(e => e.Kind == IncidentEventKinds.NotificationRetry);
                var failed = g.Count(e => e.Kind is IncidentEventKinds.NotificationFailed or IncidentEventKinds.NotificationExpired);
                Line(sb, $"- {MarkdownText.Code(g.Key)}: {sent} delivered, {retried} retried, {failed} refused or given up; last answer: {MarkdownText.Escape(g.Last().Detail)}");
            }
            Line(sb);
        }
        Line(sb, "*Did Doomsday tell you first, or a person? Could it have been detected sooner, and by which check?*");
        Line(sb);
    }

    private static void Figure(StringBuilder sb, string name, TimeSpan? value, string until, string none) =>
        Line(sb, value is { } v ? $"| {name} | {IncidentDurations.Format(v)} | {until} |" : $"| {name} | — | {none} |");

    private static List<string> Suggestions(Incident i, IncidentFigures f)
    {
        var list = new List<string>();
        if (f.ToDetect is not null && f.ToNotify is null)
            list.Add("No notification reached a receiver: check the notifiers and routes (`doomsday notify test`).");
        if (i.Events.Any(e => e.Kind is IncidentEventKinds.NotificationFailed or IncidentEventKinds.NotificationExpired))
            list.Add("A delivery was refused or given up: fix the receiver, or add a second notifier for this alert.");
        if (i.Events.Any(e => e.Kind == AlertEventKinds.Unrouted))
            list.Add("A notification had nowhere to go: add a route or default notifiers.");
        if (f.ToDetect is not null && f.ToAcknowledge is null)
            list.Add("Nobody acknowledged the alert: check who is paged for it and how (`doomsday ack`).");
        if (i.Events.Any(e => e.Kind == AlertEventKinds.Suppressed))
            list.Add("A notification was withheld by a silence, a maintenance window or an acknowledgement: was that intended?");
        return list;
    }

    private static string StartWhat(Incident i) =>
        i.Events.Count == 0 ? "alert fired"
        : i.Events[0].Kind == IncidentEventKinds.FirstFailure ? "first failed check"
        : IsPosted(i) ? IncidentEventText.Label(i.Events[0].Kind)
        : "alert fired";

    /// <summary>An incident whose every event another program posted (<c>doomsday renew</c>): no alert behind it.</summary>
    private static bool IsPosted(Incident i) => i.Events.Count > 0 && i.Events.All(e => IncidentEventKinds.Posted.Contains(e.Kind));

    private static string? LastFailureDetail(Incident i) =>
        i.Events.LastOrDefault(e => e.Kind is IncidentEventKinds.FirstFailure or IncidentEventKinds.Firing or AlertEventKinds.Escalated
            or IncidentEventKinds.RenewalRolledBack or IncidentEventKinds.RenewalNeedsAttention)?.Detail;

    private static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static void Line(StringBuilder sb, string text = "") => sb.Append(text).Append('\n');
}
