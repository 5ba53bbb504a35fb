using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Doomsday.Core.Alerting;

/// <summary>
/// Label value tests shared by routes, silences and maintenance windows. A route or window value written
/// <c>~regex</c> is a regular expression anchored at both ends (Alertmanager's <c>=~</c>); anything else
/// must be equal. Regexes run with a timeout, so a pathological pattern cannot stall the engine.
/// </summary>
public static class LabelPattern
{
    private static readonly ConcurrentDictionary<string, Regex> Cache = new(StringComparer.Ordinal);

    /// <summary>Route/window form: <c>~regex</c> or a literal.</summary>
    public static bool Matches(string pattern, string value) =>
        pattern.StartsWith('~') ? FullMatch(pattern[1..], value) : string.Equals(pattern, value, StringComparison.Ordinal);

    public static bool FullMatch(string regex, string value)
    {
        var re = Cache.GetOrAdd(regex, r => new Regex("^(?:" + r + ")$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)));
        try
        {
            return re.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>Null when valid; otherwise the error, for config validation.</summary>
    public static string? Validate(string pattern)
    {
        if (!pattern.StartsWith('~')) return null;
        try
        {
            _ = new Regex("^(?:" + pattern[1..] + ")$", RegexOptions.CultureInvariant);
            return null;
        }
        catch (ArgumentException e)
        {
            return "invalid regular expression: " + e.Message;
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
