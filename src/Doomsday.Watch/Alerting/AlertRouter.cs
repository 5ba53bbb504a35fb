namespace Doomsday.Watch.Alerting;

/// <summary>
/// Routing (docs/alerting.md): routes are tried in order; a route matches when the severity is one of its
/// severities (empty: any, case-insensitive) and each of its labels matches the alert's labels plus
/// <c>alertname</c> and <c>severity</c> (literal, or <c>~regex</c> matched against the whole value; a missing label is "").
/// The first match wins unless it says <c>continue</c>, in which case later matches add their notifiers too.
/// <c>for</c> is the first matching route's that sets one, else <see cref="AlertingOptions.DefaultFor"/>.
/// No match: <see cref="AlertingOptions.DefaultNotifiers"/>.
/// </summary>
public static class AlertRouter
{
    /// <param name="routeFailed">Called with the route's index when testing it throws (a pattern that does not
    /// compile): that route is skipped, so the alert still reaches later routes or the default notifiers.
    /// Without it, the exception propagates.</param>
    public static RouteMatch Route(AlertingOptions options, string alertName, string severity, IReadOnlyDictionary<string, string> labels,
        Action<int, Exception>? routeFailed = null)
    {
        var effective = LabelPattern.Effective(alertName, severity, labels, options.ExternalLabels);
        var notifiers = new List<string>();
        TimeSpan? forDuration = null;
        var matched = false;
        for (var index = 0; index < options.Routes.Count; index++)
        {
            var route = options.Routes[index];
            bool matches;
            try
            {
                matches = Matches(route, severity, effective);
            }
            catch (Exception e) when (routeFailed is not null && e is not OutOfMemoryException)
            {
                routeFailed(index, e);
                continue;
            }
            if (!matches) continue;
            matched = true;
            foreach (var n in route.Notifiers)
            {
                if (!notifiers.Contains(n, StringComparer.Ordinal)) notifiers.Add(n);
            }
            forDuration ??= route.For;
            if (!route.Continue) break;
        }
        return matched
            ? new RouteMatch(notifiers, forDuration ?? options.DefaultFor, true)
            : new RouteMatch(options.DefaultNotifiers, options.DefaultFor, false);
    }

    public static bool Matches(RouteOptions route, string severity, IReadOnlyDictionary<string, string> effectiveLabels) =>
        (route.Severities.Count == 0 || route.Severities.Contains(severity, StringComparer.OrdinalIgnoreCase))
        && route.Labels.All(l => LabelPattern.Matches(l.Value, effectiveLabels.GetValueOrDefault(l.Key, "")));
}
