namespace Doomsday.Watch.Alerting;

/// <summary>
/// The alert series for <c>/metrics</c>: <c>doomsday_alerts{state,severity}</c> with every state ×
/// every known severity present (<c>0</c> included, so rules see 0 rather than no series), plus any other
/// severity seen; and <c>doomsday_silences{state}</c>. Deterministic order.
/// </summary>
public static class AlertMetrics
{
    public static IReadOnlyList<AlertMetricSample> Collect(IEnumerable<AlertState> states, IEnumerable<Silence> silences, DateTimeOffset now)
    {
        var counts = new Dictionary<(string State, string Severity), int>();
        var severities = new List<string>(AlertSeverities.Known);
        foreach (var s in states)
        {
            var state = s.Status switch
            {
                AlertStatus.Pending => AlertMetricNames.States.Pending,
                AlertStatus.Firing when s.SuppressedBy is not null => AlertMetricNames.States.Suppressed,
                AlertStatus.Firing => AlertMetricNames.States.Firing,
                _ => null,
            };
            if (state is null) continue;
            if (!severities.Contains(s.Severity, StringComparer.Ordinal)) severities.Add(s.Severity);
            counts[(state, s.Severity)] = counts.GetValueOrDefault((state, s.Severity)) + 1;
        }

        var samples = new List<AlertMetricSample>();
        foreach (var state in AlertMetricNames.States.All)
        {
            foreach (var severity in severities)
            {
                samples.Add(new(AlertMetricNames.Alerts,
                    [new(AlertMetricNames.StateLabel, state), new(AlertMetricNames.SeverityLabel, severity)],
                    counts.GetValueOrDefault((state, severity))));
            }
        }

        var list = silences.ToList();
        samples.Add(new(AlertMetricNames.Silences, [new(AlertMetricNames.StateLabel, "active")], list.Count(s => s.IsActive(now))));
        samples.Add(new(AlertMetricNames.Silences, [new(AlertMetricNames.StateLabel, "pending")], list.Count(s => now < s.StartsAt)));
        return samples;
    }
}
