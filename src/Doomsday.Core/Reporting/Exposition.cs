using System.Globalization;
using System.Text;

namespace Doomsday.Core.Reporting;

/// <summary>
/// The text exposition format (0.0.4) as every Doomsday writer of Prometheus text produces it: one
/// <c># HELP</c> and one <c># TYPE</c> line per family, then its samples; label sets rendered in the
/// order given, empty values left out (Prometheus drops empty labels when it ingests, so both read the
/// same in PromQL), the global <see cref="ExtraLabels"/> last.
/// </summary>
public static class Exposition
{
    public const string Gauge = "gauge";
    public const string Counter = "counter";

    public static void Family(StringBuilder sb, string name, string help, IEnumerable<(string Labels, string Value)> samples, string type = Gauge)
    {
        Header(sb, name, help, type);
        foreach (var (labels, value) in samples) sb.Append(name).Append(labels).Append(' ').Append(value).Append('\n');
    }

    /// <summary>The <c># HELP</c> and <c># TYPE</c> lines of a family whose samples the caller appends itself.</summary>
    public static void Header(StringBuilder sb, string name, string help, string type = Gauge)
    {
        sb.Append("# HELP ").Append(name).Append(' ').Append(help.Replace(@"\", @"\\").Replace("\n", @"\n")).Append('\n');
        sb.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
    }

    /// <summary><c>{a="x",b="y"}</c> in the given order, empty values left out, then <paramref name="extra"/>; "" when nothing remains.</summary>
    public static string Labels(IEnumerable<(string Name, string Value)> labels, ExtraLabels? extra = null)
    {
        var sb = new StringBuilder();
        foreach (var (name, value) in labels)
        {
            if (string.IsNullOrEmpty(value)) continue;
            sb.Append(sb.Length == 0 ? '{' : ',').Append(name).Append("=\"");
            sb.AppendLabelValue(value);
            sb.Append('"');
        }
        if (extra is { Text.Length: > 0 }) sb.Append(sb.Length == 0 ? '{' : ',').Append(extra.Text);
        if (sb.Length > 0) sb.Append('}');
        return sb.ToString();
    }

    private static readonly string[] SmallIntegers = Enumerable.Range(0, 1024).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();

    /// <summary><see cref="Number"/> appended without an intermediate string (for writers of many samples).</summary>
    public static StringBuilder AppendNumber(this StringBuilder sb, double value)
    {
        if (Math.Abs(value) < 1e15 && value == Math.Floor(value)) return sb.Append(CultureInfo.InvariantCulture, $"{(long)value}");
        if (double.IsFinite(value)) return sb.Append(CultureInfo.InvariantCulture, $"{value:R}");
        return sb.Append(Number(value));
    }

    /// <summary>A sample value as Go's client writes it: shortest round-trip form, <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>.</summary>
    public static string Number(double value)
    {
        // Whole numbers (statuses, flags, counts, Unix seconds) print the same as "R" does, only faster.
        if (value >= 0 && value < SmallIntegers.Length && value == Math.Floor(value)) return SmallIntegers[(int)value];
        if (Math.Abs(value) < 1e15 && value == Math.Floor(value)) return ((long)value).ToString(CultureInfo.InvariantCulture);
        return double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : double.IsNaN(value) ? "NaN" : value.ToString("R", CultureInfo.InvariantCulture);
    }
}
