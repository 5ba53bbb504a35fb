using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Doomsday.Core.Certificates;

namespace Doomsday.Watch.Configuration;

/// <summary>
/// The loaded config written back as YAML with the file's own keys, every default filled in and every
/// secret (a property marked <see cref="Core.Configuration.Rules.SecretAttribute"/>) replaced by <see cref="RedactedPrinter.Redacted"/>:
/// what <c>doomsday config check --show</c> prints. The output loads again (with the secrets redacted).
/// </summary>
public static partial class ConfigRenderer
{
    public static string Render(WatchOptions config)
    {
        var sb = new StringBuilder();
        WriteMap(sb, ToTree(config with { SourcePath = "" }, redact: true)!, 0);
        return sb.ToString();
    }

    /// <summary>
    /// The value identity of a config record (a probe's options): its YAML with nothing redacted, so two
    /// records with equal lists and maps compare equal (records compare those by reference). Null for a
    /// type the config does not know (<see cref="ConfigTypes"/>).
    /// </summary>
    internal static string? Identity(object record)
    {
        if (!ConfigTypes.TryOf(record.GetType(), out _)) return null;
        var sb = new StringBuilder();
        WriteMap(sb, ToTree(record, redact: false)!, 0);
        return sb.ToString();
    }

    /// <summary>A record as an ordered map of its keys (aliases nested: <c>expect.status</c> under <c>expect</c>); scalars as strings.</summary>
    private static object? ToTree(object? value, bool redact, bool secret = false, ConfigField? field = null)
    {
        switch (value)
        {
            case null:
                return null;
            case string s:
                return secret && s.Length > 0 ? RedactedPrinter.Redacted : redact && field is not null ? field.Shown(s) : s;
            case TimeSpan t:
                return new Unquoted(FormatDuration(t));
            case bool b:
                return new Unquoted(b ? "true" : "false");
            case int n:
                return new Unquoted(n.ToString(CultureInfo.InvariantCulture));
            case DateTimeOffset d:
                return new Unquoted(d.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture));
            case IReadOnlyDictionary<string, string> dict:
                return dict.Select(kv => (kv.Key, (object?)(secret ? RedactedPrinter.Redacted : kv.Value))).ToList();
            case IEnumerable list:
                return list.Cast<object?>().Select(v => ToTree(v, redact, secret, field)).ToList<object?>();
        }
        var map = new List<(string Key, object? Value)>();
        var type = ConfigTypes.Of(value.GetType()).Type;
        var kind = type.GetProperty("Kind");
        if (kind is { SetMethod: null } && kind.PropertyType == typeof(string)) map.Add(("kind", kind.GetValue(value)));
        foreach (var p in RedactedPrinter.Properties(type))
        {
            if (p.SetMethod is not { IsPublic: true } || p.Name == nameof(WatchOptions.SourcePath)) continue;
            var member = ConfigField.Of(type, p.Name);
            var v = ToTree(p.GetValue(value), redact, redact && member.IsSecret, member);
            if (v is null || v is List<object?> { Count: 0 } || v is List<(string, object?)> { Count: 0 }) continue;
            var parts = member.Key.Split('.');
            var target = map;
            foreach (var part in parts[..^1])
            {
                var index = target.FindIndex(e => e.Key == part);
                if (index < 0)
                {
                    target.Add((part, new List<(string, object?)>()));
                    index = target.Count - 1;
                }
                target = (List<(string Key, object? Value)>)target[index].Value!;
            }
            target.Add((parts[^1], v));
        }
        return map;
    }

    private static void WriteMap(StringBuilder sb, object tree, int indent)
    {
        foreach (var (key, value) in (List<(string Key, object? Value)>)tree)
        {
            sb.Append(' ', indent).Append(Quote(key)).Append(':');
            WriteValue(sb, value, indent);
        }
    }

    private static void WriteValue(StringBuilder sb, object? value, int indent)
    {
        switch (value)
        {
            case string s:
                sb.Append(' ').Append(Quote(s)).Append('\n');
                break;
            case Unquoted u:
                sb.Append(' ').Append(u.Text).Append('\n');
                break;
            case List<(string Key, object? Value)> map:
                sb.Append('\n');
                WriteMap(sb, map, indent + 2);
                break;
            case List<object?> list when list.All(v => v is string or Unquoted):
                sb.Append(" [").Append(string.Join(", ", list.Select(v => v is Unquoted u ? u.Text : Quote((string)v!)))).Append("]\n");
                break;
            case List<object?> list:
                sb.Append('\n');
                foreach (var item in list)
                {
                    sb.Append(' ', indent + 2).Append("- ");
                    var inner = new StringBuilder();
                    WriteMap(inner, item!, indent + 4);
                    sb.Append(inner.ToString().TrimStart(' '));
                }
                break;
        }
    }

    private static string FormatDuration(TimeSpan t)
    {
        var sign = t < TimeSpan.Zero ? "-" : "";
        var d = t.Duration();
        if (d.Ticks % TimeSpan.TicksPerSecond != 0) return sign + ((long)d.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
        return sign + Durations.Format(d);
    }

    /// <summary>Plain when YAML would read it back as the same string, else double-quoted (JSON strings are YAML).</summary>
    private static string Quote(string s) =>
        Plain().IsMatch(s) && s is not ("true" or "false" or "True" or "False" or "null" or "~") && !s.All(char.IsAsciiDigit) ? s
            : '"' + JsonEncodedText.Encode(s, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value + '"';

    /// <summary>A typed value (number, boolean, duration, time) written as is.</summary>
    private sealed record Unquoted(string Text);

    [GeneratedRegex("^[A-Za-z0-9_/.][A-Za-z0-9_./@+-]*(:[A-Za-z0-9_./@+-]+)*$")]
    private static partial Regex Plain();
}
