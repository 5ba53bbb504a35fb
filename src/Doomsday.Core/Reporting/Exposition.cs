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
        sb.Append("# HELP ").Append(name).Append(' ').Append(help.Replace(@"\", @"\\").Replace("\n", @"\n")).Append('\n');
        sb.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        foreach (var (labels, value) in samples) sb.Append(name).Append(labels).Append(' ').Append(value).Append('\n');
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

    /// <summary>A sample value as Go's client writes it: shortest round-trip form, <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>.</summary>
    public static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : double.IsNaN(value) ? "NaN" : value.ToString("R", CultureInfo.InvariantCulture);
}
