using System.Globalization;
using Doomsday.Core.Certificates;
using Doomsday.Daemon.Web.Html;
using Doomsday.Watch.Probes;

namespace Doomsday.Daemon.Web.Pages;

/// <summary>
/// How values look on every page. Dates: relative ("in 6 days") with the absolute UTC instant on hover and in
/// <c>datetime</c>. Severities and states: a shape and a word as well as a colour, so they read without colour
/// vision (the shapes differ: ✖ ▲ ◆ ● ✔ ◌).
/// </summary>
internal static class Show
{
    public static string Utc(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string Day(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static HtmlString Time(DateTimeOffset t, DateTimeOffset now)
    {
        var h = new HtmlBuilder(128);
        h.Add($"<time datetime=\"{t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}\" title=\"{Utc(t)}\">{Relative(t, now)}</time>");
        return new HtmlString(h.ToString());
    }

    public static HtmlString Time(DateTimeOffset? t, DateTimeOffset now, string none = "—") =>
        t is { } v ? Time(v, now) : new HtmlString(HtmlEncoding.Encode(none));

    /// <summary>"in 6 days", "3 hours ago", "now": whole units, rounded down, days up to two years.</summary>
    public static string Relative(DateTimeOffset t, DateTimeOffset now)
    {
        var d = t - now;
        var future = d >= TimeSpan.Zero;
        var a = d.Duration();
        string span;
        if (a < TimeSpan.FromSeconds(45)) return "now";
        if (a < TimeSpan.FromMinutes(90)) span = Count(Math.Max(1, (int)a.TotalMinutes), "minute");
        else if (a < TimeSpan.FromHours(36)) span = Count((int)a.TotalHours, "hour");
        else if (a < TimeSpan.FromDays(730)) span = Count((int)a.TotalDays, "day");
        else span = Count((int)(a.TotalDays / 365.25), "year");
        return future ? "in " + span : span + " ago";
    }

    public static string Count(long n, string unit) =>
        n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? unit : unit + "s");

    public static HtmlString Severity(Severity s) => Badge(SeverityClass(s), s switch
    {
        Core.Certificates.Severity.Expired => "✖",
        Core.Certificates.Severity.NotYetValid => "◌",
        Core.Certificates.Severity.Emergency => "▲",
        Core.Certificates.Severity.Critical => "◆",
        Core.Certificates.Severity.Warning => "●",
        _ => "✔",
    }, s switch
    {
        Core.Certificates.Severity.NotYetValid => "not yet valid",
        _ => s.ToWire(),
    });

    public static string SeverityClass(Severity s) => s switch
    {
        Core.Certificates.Severity.Expired or Core.Certificates.Severity.NotYetValid => "bad",
        Core.Certificates.Severity.Emergency => "bad",
        Core.Certificates.Severity.Critical => "crit",
        Core.Certificates.Severity.Warning => "warn",
        _ => "ok",
    };

    /// <summary>An alert's or finding's severity word (<c>critical</c>, <c>warning</c>, ...).</summary>
    public static HtmlString Level(string severity) => severity switch
    {
        "expired" => Badge("bad", "✖", "expired"),
        "emergency" => Badge("bad", "▲", "emergency"),
        "critical" => Badge("crit", "◆", "critical"),
        "warning" => Badge("warn", "●", "warning"),
        "not_yet_valid" => Badge("bad", "◌", "not yet valid"),
        "info" => Badge("info", "ℹ", "info"),
        _ => Badge("info", "●", severity),
    };

    /// <summary>Worse is larger: for "worst first" orders of alerts.</summary>
    public static int Rank(string severity) => severity switch
    {
        "expired" or "not_yet_valid" => 5,
        "emergency" => 4,
        "critical" => 3,
        "warning" => 2,
        "info" => 1,
        _ => 0,
    };

    public static HtmlString ProbeState(ProbeState s) => s switch
    {
        Watch.Probes.ProbeState.Down => Badge("bad", "✖", "down"),
        Watch.Probes.ProbeState.Up => Badge("ok", "✔", "up"),
        _ => Badge("info", "◌", "unknown"),
    };

    public static HtmlString Badge(string tone, string icon, string word)
    {
        var h = new HtmlBuilder(96);
        h.Add($"<span class=\"badge {tone}\"><span aria-hidden=\"true\">{icon}</span> {word}</span>");
        return new HtmlString(h.ToString());
    }

    public static string Ms(TimeSpan d) => d.TotalMilliseconds < 10
        ? d.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms"
        : d.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";

    /// <summary>A path segment for a link (fingerprints, names, ids).</summary>
    public static string Segment(string value) => Uri.EscapeDataString(value);
}
