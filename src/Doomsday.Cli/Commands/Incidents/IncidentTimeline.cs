using System.Globalization;
using Doomsday.Cli.Rendering;
using Doomsday.Core.Certificates;
using Doomsday.Daemon.Http.V1;
using Doomsday.Watch.Store;

namespace Doomsday.Cli.Commands.Incidents;

/// <summary>
/// One incident as an on-call person reads it afterwards: a heading, how long each milestone took from the
/// first failure (fired, first notification delivered, acknowledged, resolved), then every event in order
/// with the time since the incident opened.
/// </summary>
internal static class IncidentTimeline
{
    public static void Render(Terminal t, V1Incident i, DateTimeOffset now)
    {
        var state = i.ResolvedAt is { } resolved ? $"resolved after {Durations.FormatResidual(resolved - i.OpenedAt)}" : $"open for {Durations.FormatResidual(now - i.OpenedAt)}";
        t.WriteWrapped($"incident {i.Id} · {Core.Reporting.TerminalText.Escape(i.AlertName)} {i.Fingerprint} · {state}", Tone.Bold);
        t.WriteWrapped(Core.Reporting.TerminalText.Escape(Summary(i)));
        var milestones = Milestones(i);
        if (milestones.Count > 0) t.WriteWrapped(string.Join(" · ", milestones), Tone.Dim);
        t.WriteLine();
        var spansDays = i.Events.Count > 0 && i.Events[^1].At.UtcDateTime.Date != i.Events[0].At.UtcDateTime.Date;
        var table = new TextTable([new("TIME"), new("SINCE OPENED"), new("EVENT"), new("NOTIFIER", DropRank: 2), new("DETAIL", Fit.End, MinWidth: 20, DropRank: 1, Comfortable: 40)]);
        foreach (var e in i.Events)
        {
            var time = spansDays ? Ages.Utc(e.At) : e.At.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
            table.Add(time, "+" + Durations.FormatResidual(e.At < i.OpenedAt ? TimeSpan.Zero : e.At - i.OpenedAt), new TextCell(e.Kind.Replace('_', ' '), EventTone(e.Kind)),
                e.Notifier ?? "", Detail(e));
        }
        foreach (var line in table.Render(t)) t.WriteLine(line);
    }

    /// <summary>What the alert said when it fired (the firing event's detail), else the first failure's.</summary>
    public static string Summary(V1Incident i) =>
        i.Events.FirstOrDefault(e => e.Kind == IncidentEventKinds.Firing && e.Detail.Length > 0)?.Detail
        ?? i.Events.FirstOrDefault(e => e.Detail.Length > 0)?.Detail ?? "";

    /// <summary>The resolved event carries the summary the alert fired with: shown as what it was.</summary>
    private static string Detail(V1IncidentEvent e) =>
        e.Kind == IncidentEventKinds.Resolved && e.Detail.Length > 0 && !e.Detail.StartsWith("cleared", StringComparison.Ordinal) ? "was: " + e.Detail : e.Detail;

    private static List<string> Milestones(V1Incident i)
    {
        var result = new List<string>();
        void Add(string label, string kind)
        {
            if (i.Events.FirstOrDefault(e => e.Kind == kind) is { } e) result.Add($"{label} after {Durations.FormatResidual(e.At < i.OpenedAt ? TimeSpan.Zero : e.At - i.OpenedAt)}");
        }
        Add("fired", IncidentEventKinds.Firing);
        Add("first notification delivered", IncidentEventKinds.NotificationSent);
        Add("acknowledged", IncidentEventKinds.Acknowledged);
        Add("resolved", IncidentEventKinds.Resolved);
        return result;
    }

    private static Tone EventTone(string kind) => kind switch
    {
        IncidentEventKinds.Firing or IncidentEventKinds.NotificationFailed or IncidentEventKinds.NotificationExpired => Tone.Critical,
        IncidentEventKinds.NotificationRetry => Tone.Warning,
        IncidentEventKinds.Resolved or IncidentEventKinds.NotificationSent => Tone.Ok,
        _ => Tone.None,
    };
}
