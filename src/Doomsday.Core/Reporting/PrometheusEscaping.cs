using System.Text;

namespace Doomsday.Core.Reporting;

/// <summary>Escaping of the text exposition format (0.0.4), for every writer of Prometheus text.</summary>
public static class PrometheusEscaping
{
    /// <summary>
    /// A label name of the Prometheus data model, <c>[a-zA-Z_][a-zA-Z0-9_]*</c>
    /// (prometheus.io/docs/concepts/data_model). Names starting <c>__</c> are valid but reserved for internal use.
    /// </summary>
    public static bool IsValidLabelName(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_')) return false;
        foreach (var ch in name)
        {
            if (!(char.IsAsciiLetterOrDigit(ch) || ch == '_')) return false;
        }
        return true;
    }

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
