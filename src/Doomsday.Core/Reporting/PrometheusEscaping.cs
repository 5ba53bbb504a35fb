using System.Text;

namespace Doomsday.Core.Reporting;

/// <summary>Escaping of the text exposition format (0.0.4), for every writer of Prometheus text.</summary>
public static class PrometheusEscaping
{
    /// <summary>Appends a label value with backslash, double quote and line feed escaped.</summary>
    public static StringBuilder AppendLabelValue(this StringBuilder sb, string value)
    {
        foreach (var ch in value)
        {
            switch (ch)
            {
                case '\\': sb.Append(@"\\"); break;
                case '"': sb.Append("\\\""); break;
                case '\n': sb.Append(@"\n"); break;
                default: sb.Append(ch); break;
            }
        }
        return sb;
    }
}
