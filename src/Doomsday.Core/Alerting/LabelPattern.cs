using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Doomsday.Core.Alerting;

/// <summary>
/// Label value tests shared by routes, silences and maintenance windows. A route or window value written
/// <c>~regex</c> is a regular expression anchored at both ends (Alertmanager's <c>=~</c>); anything else
/// must be equal. Regexes run with a timeout, so a pathological pattern cannot stall the engine.
/// <see cref="Validate"/> compiles with <see cref="Compile"/>, the very code the engine matches with, so
/// what <c>config check</c> and the silence API accept is exactly what the engine can run.
/// </summary>
public static class LabelPattern
{
    private static readonly ConcurrentDictionary<string, Regex> Cache = new(StringComparer.Ordinal);

    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>Route/window form: <c>~regex</c> or a literal.</summary>
    public static bool Matches(string pattern, string value) =>
        pattern.StartsWith('~') ? FullMatch(pattern[1..], value) : string.Equals(pattern, value, StringComparison.Ordinal);

    public static bool FullMatch(string regex, string value)
    {
        var re = Cache.GetOrAdd(regex, Compile);
        try
        {
            return re.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>The engine's regex for <paramref name="regex"/>: anchored at both ends, culture-invariant, with a match timeout. Throws <see cref="ArgumentException"/> when it does not compile.</summary>
    private static Regex Compile(string regex) => new("^(?:" + regex + ")$", RegexOptions.CultureInvariant, MatchTimeout);

    /// <summary>Null when valid (a literal always is); otherwise the error, for config validation and the silence API.</summary>
    public static string? Validate(string pattern)
    {
        if (!pattern.StartsWith('~')) return null;
        var regex = pattern[1..];
        try
        {
            _ = Compile(regex);
            return null;
        }
        catch (ArgumentException)
        {
            // The engine's anchoring shifts offsets; the message is worded on the pattern as written.
            try
            {
                _ = new Regex(regex, RegexOptions.CultureInvariant);
            }
            catch (RegexParseException e)
            {
                return $"'{pattern}' is not a valid regular expression: {Reason(e)} (at offset {e.Offset} of the regex)";
            }
            catch (ArgumentException e)
            {
                return $"'{pattern}' is not a valid regular expression: {e.Message}";
            }
            return $"'{pattern}' is not a valid regular expression once anchored as ^(?:...)$";
        }
    }

    // "Invalid pattern '(x' at offset 2. Not enough )'s." → "Not enough )'s"
    private static string Reason(RegexParseException e)
    {
        var message = e.Message;
        var dot = message.IndexOf(". ", StringComparison.Ordinal);
        return (dot >= 0 ? message[(dot + 2)..] : message).TrimEnd('.');
    }

    /// <summary>Labels plus <c>alertname</c> and <c>severity</c> (unless a label of that name exists): what matchers see.</summary>
    public static IReadOnlyDictionary<string, string> Effective(string alertName, string severity, IReadOnlyDictionary<string, string> labels)
    {
        var all = new Dictionary<string, string>(labels, StringComparer.Ordinal);
        all.TryAdd("alertname", alertName);
        all.TryAdd("severity", severity);
        return all;
    }
}
