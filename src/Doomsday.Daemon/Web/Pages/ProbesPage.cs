using System.Globalization;
using Doomsday.Daemon.Web.Html;
using Doomsday.Watch.Probes;

namespace Doomsday.Daemon.Web.Pages;

/// <summary>
/// <c>/probes</c>: every probe, down first, with its last result and a sparkline of its recent latency, a hundred
/// per page (<c>?page=N</c>): the counts above the table cover all of them, so the down ones are on page one.
/// </summary>
internal static class ProbesPage
{
    public static void Write(HtmlBuilder h, WebSources s, int requestedPage)
    {
        var now = s.Time.GetUtcNow();
        var probes = s.Probes().OrderByDescending(p => p.State == ProbeState.Down).ThenBy(p => p.State == ProbeState.Up).ThenBy(p => p.Probe.Name, StringComparer.Ordinal).ToList();
        h.Raw("<h1>Probes</h1>");
        var down = probes.Count(p => p.State == ProbeState.Down);
        h.Add($"<p role=\"status\">{Show.Count(probes.Count, "probe")}: {down} down, {probes.Count(p => p.State == ProbeState.Up)} up, {probes.Count(p => p.State == ProbeState.Unknown)} not known yet.</p>");
        if (probes.Count == 0)
        {
            h.Raw("<p class=\"muted\">No probe is configured (<code>probes:</code> in the config file).</p>");
            return;
        }
        var pages = Pager.Pages(probes.Count);
        var page = Math.Min(requestedPage, pages);
        if (pages > 1) h.Add($"<p>Page {page} of {pages}, {Pager.PageSize} a page.</p>");
        h.Raw("<table class=\"cards\"><thead><tr><th scope=\"col\">State</th><th scope=\"col\">Probe</th><th scope=\"col\">Target</th><th scope=\"col\">Last run</th><th scope=\"col\" class=\"num\">Latency</th><th scope=\"col\">Recent runs</th><th scope=\"col\">Last result</th></tr></thead><tbody>");
        foreach (var p in Pager.Slice(probes, page))
        {
            var r = p.LastResult;
            var recent = s.Recent.For(p.Probe.Name);
            h.Add($"<tr><td data-label=\"State\">{Show.ProbeState(p.State)}</td>");
            h.Add($"<td data-label=\"Probe\"><a href=\"/probes/{Show.Segment(p.Probe.Name)}\">{p.Probe.Name}</a> <span class=\"muted\">{p.Probe.Kind}</span></td>");
            h.Add($"<td data-label=\"Target\" class=\"mono\">{p.Probe.Target}</td>");
            h.Add($"<td data-label=\"Last run\">{Show.Time(p.LastRunAt, now, "not yet")}</td>");
            h.Add($"<td data-label=\"Latency\" class=\"num\">{(r is null ? "—" : Show.Ms(r.Duration))}</td><td data-label=\"Recent runs\">");
            Sparkline.Write(h, recent, $"{Show.Count(recent.Count, "recent run")}, {recent.Count(x => !x.Success)} failed");
            h.Add($"</td><td data-label=\"Last result\">{(r is null ? "—" : r.Success ? "ok" : r.ReasonCode)} {(r is { Success: false } ? r.Detail : "")}</td></tr>");
        }
        h.Raw("</tbody></table>");
        Pager.Write(h, page, pages, Link);
    }

    private static string Link(int page) => page == 1 ? "/probes" : "/probes?page=" + page.ToString(CultureInfo.InvariantCulture);
}
