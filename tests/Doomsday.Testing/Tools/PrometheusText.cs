using System.Globalization;
using System.Text;

namespace Doomsday.Testing.Tools;

/// <summary>One sample of a text exposition, read back for assertions.</summary>
internal sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// A small reader of the Prometheus text format for assertions (validity is checked by promtool;
/// this only reads samples back, undoing label escapes).
/// </summary>
internal static class PrometheusText
{
    public static List<PrometheusSample> Samples(string text)
    {
        var samples = new List<PrometheusSample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var i = 0;
            while (i < line.Length && line[i] != '{' && line[i] != ' ') i++;
            var name = line[..i];
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (line[i] == '{')
            {
                i++;
                while (line[i] != '}')
                {
                    var eq = line.IndexOf('=', i);
                    var label = line[i..eq];
                    i = eq + 2; // past ="
                    var value = new StringBuilder();
                    while (line[i] != '"')
                    {
                        if (line[i] == '\\')
                        {
                            i++;
                            value.Append(line[i] switch { 'n' => '\n', var c => c });
                        }
                        else
                        {
                            value.Append(line[i]);
                        }
                        i++;
                    }
                    i++; // closing quote
                    if (!labels.TryAdd(label, value.ToString())) throw new FormatException("label twice: " + line);
                    if (line[i] == ',') i++;
                }
                i++;
            }
            var number = line[(i + 1)..];
            samples.Add(new PrometheusSample(name, labels, double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture)));
        }
        return samples;
    }
}
