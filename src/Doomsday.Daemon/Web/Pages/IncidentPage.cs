using Doomsday.Daemon.Web.Html;
using Doomsday.Watch.Incidents;
using Doomsday.Watch.Store;

namespace Doomsday.Daemon.Web.Pages;

/// <summary><c>/incidents/{id}</c>: one incident's four figures, its timeline in order, and its post-mortem draft to download.</summary>
internal static class IncidentPage
{
    public static Action<HtmlBuilder>? For(WebSources s, long id, out string title)
    {
        var incident = s.Store.Incidents.ById(id);
        title = incident is null ? "Incident" : $"Incident {id}";
        return incident is null ? null : h => Write(h, s, incident);
    }

    private static void Write(HtmlBuilder h, WebSources s, Incident i)
    {
        var now = s.Time.GetUtcNow();
        var f = IncidentFigures.Of(i);
        h.Add($"<p><a href=\"/incidents\">← Incidents</a></p><h1>Incident {i.Id}: {i.AlertName}</h1><p class=\"clock\">{PostmortemWriter.Summary(i)}</p>");
        h.Add($"<p>{(i.ResolvedAt is { } r ? $"Resolved {Show.Relative(r, now)}, {IncidentDurations.Format(r - f.Start)} after it started" : $"Open for {IncidentDurations.Format(now - f.Start)}")} · alert <a href=\"/alerts/{Show.Segment(i.Fingerprint)}\" class=\"mono\">{i.Fingerprint}</a></p>");
        h.Raw("<ul class=\"tiles\" aria-label=\"Figures, from the first failure\">");
        Tile(h, "to detect", f.ToDetect, "not fired");
        Tile(h, "to notify", f.ToNotify, "not delivered");
        Tile(h, "to acknowledge", f.ToAcknowledge, "not acknowledged");
        Tile(h, "to resolve", f.ToResolve, "open");
        h.Raw("</ul>");
        h.Add($"<p><a href=\"/incidents/{i.Id}/postmortem.md\" download>Download the post-mortem draft (Markdown)</a> · or <code>doomsday postmortem {i.Id} &gt; incident-{i.Id}.md</code></p>");
        h.Raw("<h2>Timeline</h2><ol class=\"timeline\">");
        foreach (var e in i.Events)
        {
            var trouble = IncidentEventText.IsTrouble(e.Kind) ? new HtmlString(" class=\"trouble\"") : HtmlString.Empty;
            h.Add($"<li{trouble}><span class=\"when\"><time datetime=\"{e.At.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}\" title=\"{Show.Utc(e.At)}\">{e.At.UtcDateTime:HH:mm:ss}</time> +{IncidentDurations.Format(e.At - f.Start)}</span><strong>{IncidentEventText.Label(e.Kind)}</strong>");
            if (e.Notifier is not null) h.Add($" via {e.Notifier}");
            if (e.Detail.Length > 0) h.Add($"<br>{e.Detail}");
            h.Raw("</li>");
        }
        h.Raw("</ol>");
    }

    private static void Tile(HtmlBuilder h, string label, TimeSpan? value, string none) =>
        h.Add($"<li class=\"tile {(value is null ? "info" : "ok")}\"><span class=\"n\">{(value is { } v ? IncidentDurations.Format(v) : "—")}</span> {label}{(value is null ? $" ({none})" : "")}</li>");
}
