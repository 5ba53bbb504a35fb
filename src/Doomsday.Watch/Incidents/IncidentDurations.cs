using System.Globalization;

namespace Doomsday.Watch.Incidents;

/// <summary>
/// How incident figures are written for people (pages, post-mortems, the CLI): tenths of a second under a
/// minute (<c>1.4s</c>), then two units (<c>13m 20s</c>, <c>1h 30m</c>, <c>2d 4h</c>). Rounded down, so a
/// figure never claims more time than passed.
/// </summary>
public static class IncidentDurations
{
    public static string Format(TimeSpan d)
    {
        if (d < TimeSpan.Zero) return "-" + Format(d.Duration());
        if (d < TimeSpan.FromMinutes(1))
            return (Math.Floor(d.TotalSeconds * 10) / 10).ToString("0.#", CultureInfo.InvariantCulture) + "s";
        if (d < TimeSpan.FromHours(1)) return Two(d.Minutes, "m", d.Seconds, "s");
        if (d < TimeSpan.FromDays(1)) return Two(d.Hours, "h", d.Minutes, "m");
        return Two((int)d.TotalDays, "d", d.Hours, "h");
    }

    private static string Two(int a, string ua, int b, string ub) =>
        b == 0 ? $"{a}{ua}" : string.Create(CultureInfo.InvariantCulture, $"{a}{ua} {b}{ub}");
}
