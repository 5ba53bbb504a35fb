using Doomsday.Daemon.Web.Html;
using Doomsday.Watch.Store;

namespace Doomsday.Daemon.Web.Pages;

/// <summary>
/// Latency as SVG: a line of the durations (successful runs), and a red mark under every failed run (or
/// bucket with failures), so a failure shows even where it has no meaningful latency.
/// </summary>
internal static class Sparkline
{
    /// <summary>The small chart of a probe's last results in the probes table.</summary>
    public static void Write(HtmlBuilder h, IReadOnlyList<StoredProbeResult> results, string label)
    {
        const double w = 120, ht = 24;
        h.Add($"<svg class=\"spark\" viewBox=\"0 0 {w} {ht}\" role=\"img\" aria-label=\"{label}\">");
        if (results.Count > 0)
        {
            var max = Math.Max(1, results.Max(r => r.Duration.TotalMilliseconds));
            var step = w / Math.Max(1, results.Count - 1);
            var points = new System.Text.StringBuilder();
            for (var i = 0; i < results.Count; i++)
            {
                var r = results[i];
                var x = results.Count == 1 ? w / 2 : i * step;
                if (r.Success) points.Append(System.Globalization.CultureInfo.InvariantCulture, $"{x:0.#},{ht - 3 - (ht - 6) * r.Duration.TotalMilliseconds / max:0.#} ");
                else h.Add($"<rect class=\"fail\" x=\"{x - 1}\" y=\"{ht - 4}\" width=\"3\" height=\"4\"/>");
            }
            if (points.Length > 0) h.Add($"<polyline class=\"line\" points=\"{points.ToString().TrimEnd()}\"/>");
        }
        h.Raw("</svg>");
    }

    /// <summary>The probe page's chart: mean latency per bucket over a period, failures marked, axis labels.</summary>
    public static void WriteBuckets(HtmlBuilder h, IReadOnlyList<ProbeResultBucket> buckets, DateTimeOffset from, DateTimeOffset to, string caption)
    {
        const double w = 800, ht = 180, left = 48, right = 792, top = 10, bottom = 150;
        var max = Math.Max(1, buckets.Count == 0 ? 1 : buckets.Max(b => b.MeanDuration.TotalMilliseconds));
        var span = (to - from).TotalMilliseconds;
        h.Add($"<figure class=\"panel\"><figcaption id=\"lat-cap\">{caption}</figcaption><svg class=\"chart\" viewBox=\"0 0 {w} {ht}\" role=\"img\" aria-labelledby=\"lat-cap\">");
        h.Add($"<line class=\"axis\" x1=\"{left}\" y1=\"{bottom}\" x2=\"{right}\" y2=\"{bottom}\"/>");
        h.Add($"<text x=\"{left - 4}\" y=\"{top + 8}\" text-anchor=\"end\">{max:0} ms</text><text x=\"{left - 4}\" y=\"{bottom}\" text-anchor=\"end\">0</text>");
        var points = new System.Text.StringBuilder();
        foreach (var b in buckets)
        {
            var x = left + (right - left) * (b.Start - from).TotalMilliseconds / span;
            if (b.Runs > b.Failures)
                points.Append(System.Globalization.CultureInfo.InvariantCulture, $"{x:0.#},{bottom - (bottom - top) * b.MeanDuration.TotalMilliseconds / max:0.#} ");
            if (b.Failures > 0) h.Add($"<rect class=\"fail\" x=\"{x - 1.5}\" y=\"{bottom + 2}\" width=\"3\" height=\"8\"/>");
        }
        if (points.Length > 0) h.Add($"<polyline class=\"line\" points=\"{points.ToString().TrimEnd()}\"/>");
        h.Add($"<text x=\"{left}\" y=\"{ht - 6}\">{Show.Utc(from)}</text><text x=\"{right}\" y=\"{ht - 6}\" text-anchor=\"end\">{Show.Utc(to)}</text>");
        h.Raw("</svg></figure>");
    }
}
