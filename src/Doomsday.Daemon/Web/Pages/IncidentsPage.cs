using Doomsday.Daemon.Web.Html;
using Doomsday.Watch.Incidents;
using Doomsday.Watch.Store;

namespace Doomsday.Daemon.Web.Pages;

/// <summary><c>/incidents</c>: open incidents, then those opened in the last <c>days</c> (default 30), newest first, with their four figures.</summary>
internal static class IncidentsPage
{
    public const int DefaultDays = 30;

    public static void Write(HtmlBuilder h, WebSources s, int days)
    {
        var now = s.Time.GetUtcNow();
        var recent = s.Store.Incidents.OpenedSince(now - TimeSpan.FromDays(days));
        var open = s.Store.Incidents.Open();
        var all = open.Concat(recent.Where(r => r.ResolvedAt is not null)).OrderBy(i => i.ResolvedAt is null ? 0 : 1).ThenByDescending(i => i.OpenedAt).ToList();
        h.Raw("<h1>Incidents</h1>");
        h.Add($"<p role=\"status\">{open.Count} open; {Show.Count(recent.Count, "incident")} opened in the last {Show.Count(days, "day")}.");
        h.Raw(" Each figure runs from the first failure; <a href=\"#figures\">what they mean</a>.</p>");
        h.Add($"<form class=\"filters\" method=\"get\" action=\"/incidents\"><label>Opened in the last (days)<input type=\"number\" name=\"days\" min=\"1\" max=\"3650\" value=\"{days}\"></label><button type=\"submit\">Show</button></form>");
        if (all.Count == 0) h.Raw("<p class=\"muted\">None.</p>");
        else
        {
            h.Raw("<table class=\"cards\"><thead><tr><th scope=\"col\">Incident</th><th scope=\"col\">Summary</th><th scope=\"col\">Started</th><th scope=\"col\" class=\"num\">Detect</th><th scope=\"col\" class=\"num\">Notify</th><th scope=\"col\" class=\"num\">Acknowledge</th><th scope=\"col\" class=\"num\">Resolve</th></tr></thead><tbody>");
            foreach (var i in all) Row(h, i, now);
            h.Raw("</tbody></table>");
        }
        h.Raw("<h2 id=\"figures\">The figures</h2><dl class=\"facts\">");
        h.Raw("<dt>Detect</dt><dd>from the first failed check to the alert firing</dd>");
        h.Raw("<dt>Notify</dt><dd>from the first failed check to a receiver accepting the first notification</dd>");
        h.Raw("<dt>Acknowledge</dt><dd>from the first failed check to someone acknowledging the alert</dd>");
        h.Raw("<dt>Resolve</dt><dd>from the first failed check to the alert resolving</dd></dl>");
    }

    private static void Row(HtmlBuilder h, Incident i, DateTimeOffset now)
    {
        var f = IncidentFigures.Of(i);
        var state = i.ResolvedAt is null ? Show.Badge("bad", "▲", "open") : IncidentFigures.ClearedBeforeFiring(i) ? Show.Badge("info", "◌", "cleared") : Show.Badge("ok", "✔", "resolved");
        h.Add($"<tr><td data-label=\"Incident\">{state} <a href=\"/incidents/{i.Id}\">#{i.Id} {i.AlertName}</a></td><td data-label=\"Summary\">{PostmortemWriter.Summary(i)}</td>");
        h.Add($"<td data-label=\"Started\">{Show.Time(f.Start, now)}</td>");
        Figure(h, "Detect", f.ToDetect);
        Figure(h, "Notify", f.ToNotify);
        Figure(h, "Acknowledge", f.ToAcknowledge);
        Figure(h, "Resolve", f.ToResolve);
        h.Raw("</tr>");
    }

    private static void Figure(HtmlBuilder h, string label, TimeSpan? value) =>
        h.Add($"<td data-label=\"{label}\" class=\"num\">{(value is { } v ? IncidentDurations.Format(v) : "—")}</td>");
}
