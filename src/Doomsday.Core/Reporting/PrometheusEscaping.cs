using System.Text;

namespace Doomsday.Core.Reporting;

/// <summary>Escaping of the text exposition format (0.0.4), for every writer of Prometheus text.</summary>
public static class PrometheusEscaping
{
    /// <summary>
    /// Appends a label value with backslash, double quote and line feed escaped. The format is UTF-8 text: a lone
    /// surrogate (a byte of a file name that is not UTF-8, see Sources/Files/FileNames) becomes U+FFFD.
    /// </summary>
    public static StringBuilder AppendLabelValue(this StringBuilder sb, string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var ch = value[i];
            switch (ch)
            {
                case '\\': sb.Append(@"\\"); break;
                case '"': sb.Append("\\\""); break;
                case '\n': sb.Append(@"\n"); break;
                case >= '\uD800' and <= '\uDBFF' when i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]):
                    sb.Append(ch).Append(value[++i]);
                    break;
                case >= '\uD800' and <= '\uDFFF': sb.Append('\uFFFD'); break;
                default: sb.Append(ch); break;
            }
        }
        return sb;
    }
}
