using Doomsday.Core.Certificates;
using Doomsday.Daemon.Web.Html;

namespace Doomsday.Daemon.Web.Pages;

/// <summary>
/// The doomsday calendar: how many certificates expire in each week of the next 12 months (and CAs in each
/// quarter of the next 10 years), as server-rendered SVG, so a renewal cliff — a hundred certificates made the
/// same day by one <c>kubeadm init</c> — stands out. Bars are coloured by the threshold zone they fall in, and
/// the zones are also drawn as labelled lines (the colour is not the only cue); each bar links to the
/// certificates of its week and says its count and dates to assistive technology. A table of the busiest
/// periods follows for readers who cannot see the chart.
/// </summary>
internal static class CalendarChart
{
    private const double Width = 800, Height = 190, Left = 34, Right = 792, Top = 16, Bottom = 150;

    public sealed record Bin(DateTimeOffset From, DateTimeOffset To, int Count, string Tone);

    public static IReadOnlyList<Bin> Bins(IEnumerable<CertificateInfo> certs, DateTimeOffset now, TimeSpan width, int count, Thresholds thresholds)
    {
        var counts = new int[count];
        foreach (var c in certs)
        {
            if (c.NotAfter < now) continue;
            var i = (int)((c.NotAfter - now).Ticks / width.Ticks);
            if (i < count) counts[i]++;
        }
        var bins = new List<Bin>(count);
        for (var i = 0; i < count; i++)
        {
            var from = now + width * i;
            var tone = from - now < thresholds.Emergency ? "bad" : from - now < thresholds.Critical ? "crit" : from - now < thresholds.Warning ? "warn" : "";
            bins.Add(new Bin(from, from + width, counts[i], tone));
        }
        return bins;
    }

    /// <summary>Writes one chart; <paramref name="id"/> makes its labels unique on the page.</summary>
    public static void Write(HtmlBuilder h, string id, string caption, IReadOnlyList<Bin> bins, int expired, DateTimeOffset now, Thresholds? zones, bool years)
    {
        var total = bins.Sum(b => b.Count);
        var busiest = bins.MaxBy(b => b.Count);
        var max = Math.Max(1, Math.Max(expired, busiest?.Count ?? 0));
        var slot = (Right - Left) / (bins.Count + 1);
        h.Add($"<figure class=\"panel\"><figcaption id=\"{id}-cap\"><strong>{caption}</strong>: {Show.Count(total, "certificate")}");
        if (busiest is { Count: > 0 })
            h.Add($"; the busiest {(years ? "quarter" : "week")} starts {Show.Day(busiest.From)} with {busiest.Count}");
        if (expired > 0) h.Add($"; {expired} already expired");
        h.Add($".</figcaption>");
        h.Add($"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" role=\"group\" aria-labelledby=\"{id}-cap\">");
        h.Add($"<line class=\"axis\" x1=\"{Left}\" y1=\"{Bottom}\" x2=\"{Right}\" y2=\"{Bottom}\"/>");
        h.Add($"<text x=\"{Left - 4}\" y=\"{Top + 4}\" text-anchor=\"end\">{max}</text><text x=\"{Left - 4}\" y=\"{Bottom}\" text-anchor=\"end\">0</text>");
        if (expired > 0) Bar(h, Left + slot * 0.1, slot * 0.8, expired, max, "bad", "/certificates?severity=expired", $"{Show.Count(expired, "certificate")} already expired");
        h.Add($"<text x=\"{Left + slot / 2}\" y=\"{Bottom + 14}\" text-anchor=\"middle\">exp.</text>");
        for (var i = 0; i < bins.Count; i++)
        {
            var b = bins[i];
            var x = Left + slot * (i + 1);
            if (b.Count > 0)
            {
                var last = b.To.AddDays(-1);
                Bar(h, x + slot * 0.1, slot * 0.8, b.Count, max, b.Tone, $"/certificates?from={Show.Day(b.From)}&to={Show.Day(last)}",
                    $"{Show.Count(b.Count, "certificate")} expire from {Show.Day(b.From)} to {Show.Day(last)}");
            }
            if (i > 0 && Tick(b, bins[i - 1], years))
                h.Add($"<text x=\"{x}\" y=\"{Bottom + 14}\">{b.From.UtcDateTime.ToString(years ? "yyyy" : "MMM", System.Globalization.CultureInfo.InvariantCulture)}</text>");
        }
        if (zones is not null)
        {
            foreach (var (span, label) in new[] { (zones.Emergency, "emergency"), (zones.Critical, "critical"), (zones.Warning, "warning") })
            {
                if (span <= TimeSpan.Zero || bins.Count == 0) continue;
                var x = Left + slot + (Right - Left - slot) * (span / (bins[^1].To - now));
                h.Add($"<line class=\"zone\" x1=\"{x}\" y1=\"{Top - 6}\" x2=\"{x}\" y2=\"{Bottom}\"/><text x=\"{x + 2}\" y=\"{Top - 6 + (label == "critical" ? 9 : 0)}\">{Durations.Format(span)}</text>");
            }
        }
        h.Add($"<text x=\"{Left}\" y=\"{Height - 8}\">{(years ? "quarters of the next 10 years" : "weeks of the next 12 months")}, from {Show.Day(now)}</text>");
        h.Raw("</svg>");
        var top = bins.Where(b => b.Count > 0).OrderByDescending(b => b.Count).ThenBy(b => b.From).Take(8).ToList();
        if (top.Count > 0)
        {
            h.Add($"<details><summary>Busiest {(years ? "quarters" : "weeks")} as a table</summary><table><thead><tr><th scope=\"col\">From</th><th scope=\"col\">To</th><th scope=\"col\" class=\"num\">Certificates</th></tr></thead><tbody>");
            foreach (var b in top)
                h.Add($"<tr><td><a href=\"/certificates?from={Show.Day(b.From)}&amp;to={Show.Day(b.To.AddDays(-1))}\">{Show.Day(b.From)}</a></td><td>{Show.Day(b.To.AddDays(-1))}</td><td class=\"num\">{b.Count}</td></tr>");
            h.Raw("</tbody></table></details>");
        }
        h.Raw("</figure>");
    }

    private static void Bar(HtmlBuilder h, double x, double w, int count, int max, string tone, string href, string label)
    {
        var height = Math.Max(2, (Bottom - Top) * count / max);
        h.Add($"<a href=\"{href}\" aria-label=\"{label}\"><title>{label}</title><rect class=\"bar {tone}\" x=\"{x}\" y=\"{Bottom - height}\" width=\"{w}\" height=\"{height}\"/></a>");
    }

    /// <summary>A label where a month (weeks) or a year (quarters) begins.</summary>
    private static bool Tick(Bin b, Bin previous, bool years) =>
        years ? b.From.Year != previous.From.Year : b.From.Month != previous.From.Month;
}
