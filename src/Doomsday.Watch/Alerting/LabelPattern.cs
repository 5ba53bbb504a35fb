using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Doomsday.Watch.Alerting;

/// <summary>
/// Label value tests shared by routes, silences and maintenance windows. A route or window value written
/// <c>~regex</c> is a regular expression anchored at both ends (Alertmanager's <c>=~</c>); anything else
/// must be equal. Regular expressions have Go's (RE2) syntax and meaning, as in Alertmanager
/// (<see cref="Re2Syntax"/>), and run with a timeout, so a pathological pattern cannot stall the engine.
/// </summary>
public static class LabelPattern
{
    private static readonly ConcurrentDictionary<string, Regex?> Cache = new(StringComparer.Ordinal);

    /// <summary>Route/window form: <c>~regex</c> or a literal.</summary>
    public static bool Matches(string pattern, string value) =>
        pattern.StartsWith('~') ? FullMatch(pattern[1..], value) : string.Equals(pattern, value, StringComparison.Ordinal);

    /// <summary>Whether <paramref name="regex"/> matches the whole value; false for an invalid pattern or a match that ran out of time.</summary>
    public static bool FullMatch(string regex, string value) => TryFullMatch(regex, value, out var matched) && matched;

    /// <summary>False when the answer is unknown (invalid pattern, timed out); <paramref name="matched"/> otherwise.</summary>
    public static bool TryFullMatch(string regex, string value, out bool matched)
    {
        matched = false;
        // Anchored as Alertmanager anchors it ("^(?:" + v + ")$"), with \z: Go's $ is the end of the text.
        var re = Cache.GetOrAdd(regex, r => Re2Syntax.ToDotNet(r, out _) is { } net
            ? new Regex("^(?:" + net + @")\z", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100))
            : null);
        if (re is null) return false;
        try
        {
            matched = re.IsMatch(value);
            return true;
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>Null when valid; otherwise the error, for config validation.</summary>
    public static string? Validate(string pattern) => pattern.StartsWith('~') ? ValidateRegex(pattern[1..]) : null;

    /// <summary>Null when <paramref name="regex"/> is a regular expression Alertmanager would accept; otherwise why not.</summary>
    public static string? ValidateRegex(string regex)
    {
        if (Re2Syntax.ToDotNet(regex, out var refused) is not { } net) return refused;
        try
        {
            // alone first, so that the message quotes the pattern as written, not the anchored form
            _ = new Regex(net, RegexOptions.CultureInvariant);
            _ = new Regex("^(?:" + net + @")\z", RegexOptions.CultureInvariant);
            return null;
        }
        catch (ArgumentException e)
        {
            return "invalid regular expression: " + e.Message.Replace(net, regex, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Labels plus the external ones (<see cref="AlertingOptions.ExternalLabels"/>), <c>alertname</c> and
    /// <c>severity</c>, each unless a label of that name exists: what matchers see.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Effective(string alertName, string severity, IReadOnlyDictionary<string, string> labels,
        IReadOnlyDictionary<string, string>? external = null)
    {
        var all = WithExternal(labels, external);
        all.TryAdd("alertname", alertName);
        all.TryAdd("severity", severity);
        return all;
    }

    /// <summary>The alert's labels plus each external label it has no (non-empty) label for, as Prometheus adds external labels.</summary>
    public static Dictionary<string, string> WithExternal(IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string>? external)
    {
        var all = new Dictionary<string, string>(labels, StringComparer.Ordinal);
        foreach (var (k, v) in external ?? Empty)
        {
            if (!all.TryGetValue(k, out var own) || own.Length == 0) all[k] = v;
        }
        return all;
    }

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();
}
