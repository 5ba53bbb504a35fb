using Doomsday.Core.Certificates;
using Doomsday.Core.Inventory;
using Doomsday.Daemon.Web.Html;

namespace Doomsday.Daemon.Web.Pages;

/// <summary><c>/certificates</c>: every distinct certificate, filterable and sortable, a hundred per page.</summary>
internal static class CertificatesPage
{
    private static readonly string[] Kinds = ["file", "kubeconfig", "endpoint", "kubernetes"];

    public static void Write(HtmlBuilder h, WebSources s, CertificateQuery q)
    {
        var now = s.Time.GetUtcNow();
        var snapshot = s.Inventory();
        h.Raw("<h1>Certificates</h1>");
        if (snapshot is null)
        {
            h.Raw("<p class=\"notice\">No inventory yet: the first scan has not completed.</p>");
            return;
        }
        var index = CertificateIndex.Of(snapshot);
        var matching = q.Apply(index.Groups, snapshot.Thresholds, now).ToList();
        var pages = Pager.Pages(matching.Count);
        var page = Math.Min(q.Page, pages);

        h.Raw("<form class=\"filters\" method=\"get\" action=\"/certificates\" role=\"search\" aria-label=\"Filter certificates\">");
        h.Add($"<label>Name, subject, place<input type=\"search\" name=\"q\" value=\"{q.Text}\"></label>");
        Select(h, "Cluster", "cluster", q.Cluster, index.Clusters);
        Select(h, "Source", "kind", q.Kind, Kinds);
        Select(h, "Severity", "severity", q.Severity, Enum.GetValues<Severity>().Reverse().Select(v => v.ToWire()).ToList());
        h.Add($"<label>Expires from<input type=\"date\" name=\"from\" value=\"{(q.From is { } f ? Show.Day(f) : "")}\"></label>");
        h.Add($"<label>to<input type=\"date\" name=\"to\" value=\"{(q.To is { } t ? Show.Day(t.AddDays(-1)) : "")}\"></label>");
        if (q.Sort != "expiry") h.Add($"<input type=\"hidden\" name=\"sort\" value=\"{q.Sort}\">");
        h.Raw("<button type=\"submit\">Filter</button> <a href=\"/certificates\">Clear</a></form>");

        h.Add($"<p role=\"status\">{Show.Count(matching.Count, "certificate")} of {index.Groups.Count}");
        if (pages > 1) h.Add($", page {page} of {pages}");
        h.Add($"; inventory of {Show.Utc(snapshot.ScannedAt)}.</p>");
        if (matching.Count > 0) Table(h, Pager.Slice(matching, page), snapshot.Thresholds, now, "all", q);
        Pager.Write(h, page, pages, p => q.With(page: p));
        if (snapshot.Errors.Count > 0)
        {
            h.Add($"<h2>Could not be read ({snapshot.Errors.Count})</h2><table class=\"cards\"><thead><tr><th scope=\"col\">Where</th><th scope=\"col\">Reason</th><th scope=\"col\">Message</th></tr></thead><tbody>");
            foreach (var e in snapshot.Errors.Take(200))
                h.Add($"<tr><td data-label=\"Where\" class=\"mono\">{e.Source.Display}</td><td data-label=\"Reason\"><code>{e.Reason}</code></td><td data-label=\"Message\">{e.Message}</td></tr>");
            h.Raw("</tbody></table>");
        }
    }

    /// <summary>The certificate table (also the overview's "soonest to expire"); sortable headers when <paramref name="query"/> is given.</summary>
    public static void Table(HtmlBuilder h, IEnumerable<CertificateGroup> groups, Thresholds thresholds, DateTimeOffset now, string id, CertificateQuery? query = null)
    {
        h.Add($"<table class=\"cards\" id=\"certs-{id}\"><thead><tr>");
        Header(h, "Severity", "severity", query);
        Header(h, "Name", "name", query);
        Header(h, "Expires", "expiry", query);
        h.Raw("<th scope=\"col\">Cluster</th>");
        Header(h, "Where", "source", query);
        h.Raw("<th scope=\"col\">Issuer</th></tr></thead><tbody>");
        foreach (var g in groups)
        {
            var c = g.Certificate;
            var more = g.Places.Count > 1 ? $" and {g.Places.Count - 1} more" : "";
            h.Add($"<tr><td data-label=\"Severity\">{Show.Severity(g.SeverityAt(thresholds, now))}</td>");
            h.Add($"<td data-label=\"Name\"><a href=\"/certificates/{Show.Segment(g.Fingerprint)}\">{g.Title}</a>{(c.IsCa ? " (CA)" : "")}</td>");
            h.Add($"<td data-label=\"Expires\">{Show.Time(c.NotAfter, now)} <span class=\"muted\">{Show.Day(c.NotAfter)}</span></td>");
            h.Add($"<td data-label=\"Cluster\">{g.Cluster}</td>");
            h.Add($"<td data-label=\"Where\"><span class=\"mono\">{g.Places[0].Source.Display}</span>{more} <span class=\"muted\">({g.SourceKinds})</span></td>");
            h.Add($"<td data-label=\"Issuer\">{c.IssuerCommonName ?? c.Issuer}</td></tr>");
        }
        h.Raw("</tbody></table>");
    }

    private static void Header(HtmlBuilder h, string label, string sort, CertificateQuery? q)
    {
        if (q is null)
        {
            h.Add($"<th scope=\"col\">{label}</th>");
            return;
        }
        var current = q.Sort == sort;
        var aria = current ? new HtmlString(sort is "severity" ? " aria-sort=\"descending\"" : " aria-sort=\"ascending\"") : HtmlString.Empty;
        h.Add($"<th scope=\"col\"{aria}><a href=\"{q.With(sort: sort, page: 1)}\">{label}{(current ? (sort is "severity" ? " ↓" : " ↑") : "")}</a></th>");
    }

    private static void Select(HtmlBuilder h, string label, string name, string current, IReadOnlyList<string> values)
    {
        h.Add($"<label>{label}<select name=\"{name}\"><option value=\"\">any</option>");
        foreach (var v in values)
            h.Add($"<option{(v == current ? new HtmlString(" selected") : HtmlString.Empty)}>{v}</option>");
        h.Raw("</select></label>");
    }
}
