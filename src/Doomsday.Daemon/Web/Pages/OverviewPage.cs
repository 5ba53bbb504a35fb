using Doomsday.Core.Certificates;
using Doomsday.Daemon.Web.Html;
using Doomsday.Watch.Alerting;
using Doomsday.Watch.Incidents;
using Doomsday.Watch.Probes;

namespace Doomsday.Daemon.Web.Pages;

/// <summary>
/// <c>/</c>: the doomsday clock. Worst first — the next expiry in one sentence, counts by urgency, then what
/// needs someone now (firing alerts, probes down, open incidents), the certificates soonest to expire, and
/// the calendar of expiries (12 months of leaves, 10 years of CAs).
/// </summary>
internal static class OverviewPage
{
    public const int Soonest = 10;

    public static void Write(HtmlBuilder h, WebSources s)
    {
        var now = s.Time.GetUtcNow();
        var snapshot = s.Inventory();
        var probes = s.Probes();
        var alerts = s.Engine.States.Where(a => a.Status is AlertStatus.Firing or AlertStatus.Pending)
            .OrderByDescending(a => a.Status == AlertStatus.Firing).ThenByDescending(a => Show.Rank(a.Severity)).ThenBy(a => a.FiringAt ?? a.FirstSeenAt).ToList();
        var incidents = s.Store.Incidents.Open();
        var down = probes.Where(p => p.State == ProbeState.Down).OrderBy(p => p.StateSince).ToList();
        var thresholds = snapshot?.Thresholds ?? Thresholds.Default;
        var index = snapshot is null ? null : CertificateIndex.Of(snapshot);
        var groups = index?.Groups ?? [];
        var bySeverity = groups.GroupBy(g => g.SeverityAt(thresholds, now)).ToDictionary(g => g.Key, g => g.Count());
        int N(Severity sev) => bySeverity.GetValueOrDefault(sev);

        h.Raw("<h1>Overview</h1>");
        var next = groups.FirstOrDefault(g => g.Certificate.NotAfter >= now);
        h.Raw("<p class=\"clock\">");
        if (snapshot is null) h.Raw("No certificate inventory yet: the first scan has not completed.");
        else if (next is null) h.Add($"No certificate left that has not expired ({Show.Count(groups.Count, "certificate")} in the inventory).");
        else h.Add($"Next expiry: <a href=\"/certificates/{Show.Segment(next.Fingerprint)}\">{next.Title}</a> {Show.Time(next.Certificate.NotAfter, now)} ({Show.Day(next.Certificate.NotAfter)}).");
        h.Raw("</p>");

        h.Raw("<ul class=\"tiles\" aria-label=\"Counts\">");
        Tile(h, N(Severity.Expired) + N(Severity.NotYetValid) > 0 ? "bad" : "ok", N(Severity.Expired), "expired", "/certificates?severity=expired");
        Tile(h, N(Severity.Emergency) > 0 ? "bad" : "ok", N(Severity.Emergency), $"expire within {Durations.Format(thresholds.Emergency)}", "/certificates?severity=emergency");
        Tile(h, N(Severity.Critical) > 0 ? "crit" : "ok", N(Severity.Critical), $"within {Durations.Format(thresholds.Critical)}", "/certificates?severity=critical");
        Tile(h, N(Severity.Warning) > 0 ? "warn" : "ok", N(Severity.Warning), $"within {Durations.Format(thresholds.Warning)}", "/certificates?severity=warning");
        Tile(h, down.Count > 0 ? "bad" : "ok", down.Count, $"of {Show.Count(probes.Count, "probe")} down", "/probes");
        Tile(h, alerts.Any(a => a.Status == AlertStatus.Firing) ? "bad" : "ok", alerts.Count(a => a.Status == AlertStatus.Firing), "alerts firing", "/alerts");
        Tile(h, incidents.Count > 0 ? "crit" : "ok", incidents.Count, "open incidents", "/incidents");
        h.Raw("</ul>");

        if (alerts.Count > 0 || down.Count > 0 || incidents.Count > 0)
        {
            h.Raw("<h2>Needs attention</h2><div class=\"grid2\">");
            if (alerts.Count > 0)
            {
                h.Raw("<section class=\"panel\" aria-labelledby=\"att-alerts\"><h3 id=\"att-alerts\">Alerts</h3><ul>");
                foreach (var a in alerts.Take(10))
                    h.Add($"<li>{Show.Level(a.Severity)} <a href=\"/alerts/{Show.Segment(a.Fingerprint)}\">{a.Name}</a> {a.Summary} <span class=\"muted\">{a.Status.ToString().ToLowerInvariant()} since {Show.Time(a.FiringAt ?? a.FirstSeenAt, now)}{(a.Ack is { } ack ? $", acknowledged by {ack.By}" : "")}</span></li>");
                h.Raw("</ul></section>");
            }
            if (down.Count > 0)
            {
                h.Raw("<section class=\"panel\" aria-labelledby=\"att-probes\"><h3 id=\"att-probes\">Probes down</h3><ul>");
                foreach (var p in down.Take(10))
                    h.Add($"<li>{Show.ProbeState(p.State)} <a href=\"/probes/{Show.Segment(p.Probe.Name)}\">{p.Probe.Name}</a> <span class=\"muted\">since {Show.Time(p.StateSince, now)}</span> {p.LastResult?.ReasonCode}</li>");
                h.Raw("</ul></section>");
            }
            if (incidents.Count > 0)
            {
                h.Raw("<section class=\"panel\" aria-labelledby=\"att-incidents\"><h3 id=\"att-incidents\">Open incidents</h3><ul>");
                foreach (var i in incidents.OrderByDescending(i => i.OpenedAt).Take(10))
                    h.Add($"<li><a href=\"/incidents/{i.Id}\">#{i.Id} {i.AlertName}</a> {PostmortemWriter.Summary(i)} <span class=\"muted\">open since {Show.Time(i.OpenedAt, now)}</span></li>");
                h.Raw("</ul></section>");
            }
            h.Raw("</div>");
        }

        if (groups.Count > 0)
        {
            h.Raw("<h2>Soonest to expire</h2>");
            CertificatesPage.Table(h, groups.Take(Soonest), thresholds, now, "soonest");
            h.Add($"<p><a href=\"/certificates\">All {Show.Count(groups.Count, "certificate")}</a></p>");

            h.Raw("<h2>Doomsday calendar</h2>");
            var leaves = groups.Where(g => !g.Certificate.IsCa).Select(g => g.Certificate).ToList();
            var cas = groups.Where(g => g.Certificate.IsCa).Select(g => g.Certificate).ToList();
            CalendarChart.Write(h, "cal-leaves", "Certificates expiring in the next 12 months",
                CalendarChart.Bins(leaves, now, TimeSpan.FromDays(7), 53, thresholds), leaves.Count(c => c.NotAfter < now), now, thresholds, years: false);
            CalendarChart.Write(h, "cal-cas", "CAs expiring in the next 10 years",
                CalendarChart.Bins(cas, now, TimeSpan.FromDays(91.3125), 40, thresholds), cas.Count(c => c.NotAfter < now), now, null, years: true);
        }
    }

    private static void Tile(HtmlBuilder h, string tone, int n, string label, string href) =>
        h.Add($"<li class=\"tile {tone}\"><a href=\"{href}\"><span class=\"n\">{n}</span> {label}</a></li>");
}
