using System.Globalization;

namespace Doomsday.Core.Certificates;

/// <summary>Durations as users write them (<c>90d</c>, <c>36h</c>, <c>1d12h</c>, <c>15m</c>, <c>2w</c>, <c>1y</c>).</summary>
public static class Durations
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        if (s == "0") return true;
        var total = 0.0;
        var i = 0;
        var any = false;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
            if (start == i) return false;
            if (!double.TryParse(s.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n)) return false;
            var unitStart = i;
            while (i < s.Length && char.IsAsciiLetter(s[i])) i++;
            var seconds = s.AsSpan(unitStart, i - unitStart) switch
            {
                "ms" => 0.001,
                "s" => 1,
                "m" => 60,
                "h" => 3600,
                "d" => 86400,
                "w" => 7 * 86400,
                "y" => 365 * 86400,
                _ => -1,
            };
            if (seconds < 0) return false;
            total += n * seconds;
            any = true;
        }
        if (!any || total > TimeSpan.MaxValue.TotalSeconds) return false;
        value = TimeSpan.FromSeconds(total);
        return true;
    }

    /// <summary>
    /// Residual time the way kubeadm prints it (<c>k8s.io/apimachinery</c>'s ShortHumanDuration):
    /// seconds below a minute, minutes below an hour, hours below 48h, days below a year, then years.
    /// Negative durations get a leading minus sign instead of kubeadm's "&lt;invalid&gt;".
    /// </summary>
    public static string FormatResidual(TimeSpan d)
    {
        if (d < TimeSpan.Zero) return "-" + FormatResidual(d.Duration());
        var seconds = (long)Math.Floor(d.TotalSeconds);
        if (seconds < 60) return $"{seconds}s";
        var minutes = seconds / 60;
        if (minutes < 60) return $"{minutes}m";
        var hours = minutes / 60;
        if (hours < 48) return $"{hours}h";
        var days = hours / 24;
        if (days < 365) return $"{days}d";
        return $"{days / 365}y";
    }

    /// <summary>Compact canonical form for flags and docs (<c>90d</c>, <c>36h</c>, <c>1d12h</c>).</summary>
    public static string Format(TimeSpan d)
    {
        if (d == TimeSpan.Zero) return "0s";
        var parts = new List<string>();
        if (d.Days > 0) parts.Add($"{d.Days}d");
        if (d.Hours > 0) parts.Add($"{d.Hours}h");
        if (d.Minutes > 0) parts.Add($"{d.Minutes}m");
        if (d.Seconds > 0) parts.Add($"{d.Seconds}s");
        return string.Concat(parts);
    }
}
