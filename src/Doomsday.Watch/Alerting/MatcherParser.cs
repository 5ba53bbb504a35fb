using System.Text;
using System.Text.RegularExpressions;
using Doomsday.Core.Reporting;

namespace Doomsday.Watch.Alerting;

/// <summary>
/// amtool's matcher syntax, the one parser of it (the CLI's <c>silence add</c> and <c>ack</c>, the HTTP API).
/// It follows Alertmanager's <c>pkg/labels/parse.go</c> (what amtool 0.25 runs, and what newer
/// Alertmanagers still accept): a text is one matcher or a comma-separated list, optionally in braces
/// (<c>{alertname="ProbeDown", probe=~"db-.*"}</c>); a matcher is a label name, one of <c>=</c>,
/// <c>!=</c>, <c>=~</c>, <c>!~</c>, and a value, bare (<c>probe=db</c>, surrounding spaces dropped) or in
/// double quotes with <c>\"</c>, <c>\\</c> and <c>\n</c> escapes (any other backslash is kept, so
/// <c>=~"\d+"</c> is the regex <c>\d+</c>); commas inside quotes do not split. Anything else is refused
/// with the reason, where amtool is lenient in three ways Doomsday is not: a label name Alertmanager
/// would refuse in a silence (<c>a:b</c>), braces that do not pair (<c>{a=b</c>), and a bare word taken
/// as <c>alertname=WORD</c>. Each text is read as a list (ParseMatchers, as amtool's queries and
/// Alertmanager's <c>matchers:</c> config read it), so an unquoted comma separates matchers
/// (<c>a=b,c=d</c> is two; write <c>a="b,c=d"</c> for one).
/// </summary>
public static class MatcherParser
{
    public const string Syntax = "NAME=VALUE, NAME!=VALUE, NAME=~REGEX or NAME!~REGEX";

    // pkg/labels: ^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(=~|=|!=|!~)\s*((?s).*?)\s*$ — Go's \s is [\t\n\f\r ]; the
    // name is taken loosely here so that a bad one gets its own message.
    private static readonly Regex Shape = new(@"^[\t\n\f\r ]*([^=!~\t\n\f\r ]*)[\t\n\f\r ]*(=~|=|!=|!~)[\t\n\f\r ]*(.*?)[\t\n\f\r ]*\z",
        RegexOptions.Singleline | RegexOptions.CultureInvariant);

    /// <summary>Every matcher of every text (each one matcher or a list), or the first error.</summary>
    public static bool TryParse(IEnumerable<string> texts, out IReadOnlyList<SilenceMatcher> matchers, out string? error)
    {
        var all = new List<SilenceMatcher>();
        matchers = all;
        foreach (var text in texts)
        {
            if (!TryParse(text, out var some, out error)) return false;
            all.AddRange(some);
        }
        error = null;
        return true;
    }

    /// <summary>The matchers of one text (ParseMatchers), or the error naming the text and the reason.</summary>
    public static bool TryParse(string text, out IReadOnlyList<SilenceMatcher> matchers, out string? error)
    {
        matchers = [];
        var s = text.Trim();
        var open = s.StartsWith('{');
        var close = s.EndsWith('}') && s.Length > (open ? 1 : 0);
        if (open != close) return Fail(text, open ? "an opening { needs a closing }" : "a closing } needs an opening {", out error);
        if (open) s = s[1..^1];

        var parsed = new List<SilenceMatcher>();
        var tokens = Split(s);
        for (var i = 0; i < tokens.Count; i++)
        {
            // like pkg/labels: a last empty part (a trailing comma, or "{}") is dropped; an empty part elsewhere is an error
            if (i == tokens.Count - 1 && tokens[i].Trim().Length == 0) break;
            if (tokens[i].Trim().Length == 0) return Fail(text, "an empty matcher between commas", out error);
            if (ParseOne(tokens[i], out var matcher, out var why) is false)
                return Fail(tokens.Count > 1 || open ? tokens[i].Trim() : text, why!, out error);
            parsed.Add(matcher!);
        }
        matchers = parsed;
        error = null;
        return true;
    }

    /// <summary>
    /// The matchers of a silence (or of an ack by matchers): <paramref name="given"/> (already structured, as
    /// the API's JSON has them) followed by those of <paramref name="texts"/>; null when they parse and can
    /// make a silence, otherwise the first reason (<see cref="TryParse(IEnumerable{string}, out IReadOnlyList{SilenceMatcher}, out string?)"/>,
    /// then <see cref="SilenceProblem"/>).
    /// </summary>
    public static string? ParseForSilence(IEnumerable<string> texts, IEnumerable<SilenceMatcher> given, out IReadOnlyList<SilenceMatcher> matchers)
    {
        matchers = [];
        if (!TryParse(texts, out var parsed, out var error)) return error;
        matchers = given.Concat(parsed).ToList();
        return SilenceProblem(matchers);
    }

    /// <summary>
    /// Null when <paramref name="matchers"/> can make a silence; otherwise why not: none at all, a matcher
    /// whose name or regex Alertmanager refuses, or (Alertmanager's rule) all of them matching the empty
    /// string, which would silence every alert that lacks the labels.
    /// </summary>
    public static string? SilenceProblem(IReadOnlyList<SilenceMatcher> matchers)
    {
        if (matchers.Count == 0) return "a silence needs at least one matcher";
        foreach (var m in matchers)
        {
            if (LabelNames.IsValid(m.Name) is false) return $"'{m.Name}' is not a label name ({LabelNames.Syntax})";
            if (m.IsRegex && LabelPattern.ValidateRegex(m.Value) is { } bad) return $"{m}: {bad}";
        }
        return matchers.All(m => m.MatchesEmpty)
            ? "at least one matcher must not match the empty string (this silence would match alerts that lack the labels)"
            : null;
    }

    /// <summary>A value as amtool prints it: in double quotes, <c>"</c>, <c>\</c> and line feeds escaped.</summary>
    public static string Quote(string value) =>
        "\"" + value.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", @"\n", StringComparison.Ordinal) + "\"";

    private static bool? ParseOne(string token, out SilenceMatcher? matcher, out string? why)
    {
        matcher = null;
        why = null;
        var m = Shape.Match(token);
        if (!m.Success || m.Groups[1].Value.Length == 0)
        {
            var word = token.Trim();
            why = LabelNames.IsValid(word) ? $"not a matcher: expected {Syntax} (for the alert name write alertname={word})" : $"not a matcher: expected {Syntax}";
            return false;
        }
        var name = m.Groups[1].Value;
        if (!LabelNames.IsValid(name))
        {
            why = $"'{name}' is not a label name ({LabelNames.Syntax})";
            return false;
        }
        if (Unescape(m.Groups[3].Value, out why) is not { } value) return false;
        var op = m.Groups[2].Value;
        matcher = new SilenceMatcher(name, value, IsRegex: op.EndsWith('~'), IsEqual: op[0] == '=');
        if (matcher.IsRegex && LabelPattern.ValidateRegex(value) is { } bad)
        {
            why = $"'{value}' is not a valid regular expression: {bad.Replace("invalid regular expression: ", "", StringComparison.Ordinal)}";
            return false;
        }
        return true;
    }

    /// <summary>pkg/labels' value rules: an optional pair of quotes; \" \\ \n escapes; a lone backslash is literal.</summary>
    private static string? Unescape(string raw, out string? why)
    {
        why = null;
        var quoted = raw.StartsWith('"');
        if (quoted) raw = raw[1..];
        var value = new StringBuilder(raw.Length);
        var closed = !quoted;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '\\' && i < raw.Length - 1)
            {
                var e = raw[++i];
                value.Append(e switch { 'n' => "\n", '"' => "\"", '\\' => "\\", _ => "\\" + e });
                continue;
            }
            if (c == '"')
            {
                if (!quoted || i < raw.Length - 1)
                {
                    why = "unescaped double quote in the value (write \\\" for a quote inside a value)";
                    return null;
                }
                closed = true;
                continue;
            }
            value.Append(c);
        }
        if (!closed)
        {
            why = "the quoted value has no closing double quote";
            return null;
        }
        return value.ToString();
    }

    /// <summary>
    /// pkg/labels' split, step for step: commas outside double quotes separate matchers; a quote after a
    /// backslash does not open or close (a comma inside quotes leaves that backslash state as it is, as there).
    /// </summary>
    private static List<string> Split(string s)
    {
        var tokens = new List<string>();
        var token = new StringBuilder();
        bool inside = false, escaped = false;
        foreach (var c in s)
        {
            if (c == ',')
            {
                if (!inside)
                {
                    tokens.Add(token.ToString());
                    token.Clear();
                    continue;
                }
            }
            else if (c == '"')
            {
                if (!escaped) inside = !inside;
                else escaped = false;
            }
            else if (c == '\\')
            {
                escaped = !escaped;
            }
            else
            {
                escaped = false;
            }
            token.Append(c);
        }
        tokens.Add(token.ToString());
        return tokens;
    }

    private static bool Fail(string text, string why, out string? error)
    {
        error = $"'{text}': {why}";
        return false;
    }
}
