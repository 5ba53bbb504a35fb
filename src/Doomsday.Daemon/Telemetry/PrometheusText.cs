using System.Globalization;
using System.Text;
using Doomsday.Core.Reporting;

namespace Doomsday.Daemon.Telemetry;

/// <summary>Writes metric families in the text exposition format 0.0.4 (HELP, TYPE, samples sorted by label text).</summary>
internal static class PrometheusText
{
    public static void Family(StringBuilder sb, string name, string type, string help, IEnumerable<(string Labels, double Value)> samples)
    {
        sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        sb.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        foreach (var (labels, value) in samples.OrderBy(s => s.Labels, StringComparer.Ordinal))
        {
            sb.Append(name).Append(labels).Append(' ').Append(Number(value)).Append('\n');
        }
    }

    public static string Labels(params (string Name, string Value)[] labels)
    {
        if (labels.Length == 0) return "";
        var sb = new StringBuilder("{");
        for (var i = 0; i < labels.Length; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append(labels[i].Name).Append("=\"");
            sb.AppendLabelValue(labels[i].Value);
            sb.Append('"');
        }
        return sb.Append('}').ToString();
    }

    public static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : double.IsNaN(value) ? "NaN" : value.ToString("R", CultureInfo.InvariantCulture);
}
