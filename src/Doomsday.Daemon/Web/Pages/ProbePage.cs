using Doomsday.Daemon.Web.Html;
using Doomsday.Watch.Probes;

namespace Doomsday.Daemon.Web.Pages;

/// <summary><c>/probes/{name}</c>: one probe's state, settings, latency over the last 24 hours (from the store) and its recent failures.</summary>
internal static class ProbePage
{
    public static readonly TimeSpan Period = TimeSpan.FromHours(24);
    private const int Buckets = 144;

    public static Action<HtmlBuilder>? For(WebSources s, string name)
    {
        var status = s.Probes().FirstOrDefault(p => p.Probe.Name == name);
        return status is null ? null : h => Write(h, s, status);
    }

    private static void Write(HtmlBuilder h, WebSources s, ProbeStatus p)
    {
        var now = s.Time.GetUtcNow();
        var from = now - Period;
        h.Add($"<p><a href=\"/probes\">← Probes</a></p><h1>{p.Probe.Name} {Show.ProbeState(p.State)}</h1>");
        h.Raw("<section class=\"panel\"><dl class=\"facts\">");
        h.Add($"<dt>Kind</dt><dd>{p.Probe.Kind}</dd><dt>Target</dt><dd class=\"mono\">{p.Probe.Target}</dd>");
        h.Add($"<dt>State since</dt><dd>{Show.Time(p.StateSince, now)}</dd><dt>Last run</dt><dd>{Show.Time(p.LastRunAt, now, "not yet")}</dd>");
        if (p.LastResult is { } r)
            h.Add($"<dt>Last result</dt><dd>{(r.Success ? "ok" : r.ReasonCode)} in {Show.Ms(r.Duration)} {r.Detail}</dd>");
        h.Add($"<dt>Schedule</dt><dd>every {Core.Certificates.Durations.Format(p.Probe.Interval)}, timeout {Core.Certificates.Durations.Format(p.Probe.Timeout)}; down after {Show.Count(p.Probe.FailureThreshold, "failure")} in a row, up after {Show.Count(p.Probe.SuccessThreshold, "success")}</dd>");
        h.Add($"<dt>Alert severity</dt><dd>{Show.Level(p.Probe.Severity)}</dd></dl></section>");

        var buckets = s.Store.ProbeResults.Buckets(p.Probe.Name, from, Period / Buckets);
        var runs = buckets.Sum(b => b.Runs);
        var failures = buckets.Sum(b => b.Failures);
        Sparkline.WriteBuckets(h, buckets, from, now,
            $"Mean latency per 10 minutes over the last 24 hours: {Show.Count(runs, "run")}, {Show.Count(failures, "failure")} (marked below the axis).");
        var recent = s.Recent.For(p.Probe.Name).Where(x => !x.Success).Reverse().Take(20).ToList();
        h.Add($"<h2>Recent failures since the daemon started ({recent.Count})</h2>");
        if (recent.Count == 0) h.Raw("<p class=\"muted\">None.</p>");
        else
        {
            h.Raw("<table class=\"cards\"><thead><tr><th scope=\"col\">When</th><th scope=\"col\">Reason</th><th scope=\"col\">Detail</th></tr></thead><tbody>");
            foreach (var f in recent)
                h.Add($"<tr><td data-label=\"When\">{Show.Time(f.At, now)}</td><td data-label=\"Reason\"><code>{f.Reason}</code></td><td data-label=\"Detail\">{f.Detail}</td></tr>");
            h.Raw("</tbody></table>");
        }
    }
}
