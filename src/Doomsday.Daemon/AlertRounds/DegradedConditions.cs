using Doomsday.Daemon.Workers;
using Doomsday.Watch.Alerting;

namespace Doomsday.Daemon.AlertRounds;

/// <summary>
/// Turns what <c>/healthz</c> reports into <see cref="DaemonAlertNames.DoomsdayDegraded"/> conditions, one per
/// component (labels: <c>component</c>), once a component has been unhealthy for <paramref name="hold"/>
/// without a break: a store busy for one write is not worth a page, a round failing for that long is.
/// The health source is evaluated every round, so the alert resolves when the component is healthy again.
/// Failures of the alert path itself (the alert round, the outbox, the store) are left to <see cref="DirectAlarm"/>.
/// Used by the alert round only (one caller: not thread-safe).
/// </summary>
internal sealed class DegradedConditions(Func<IReadOnlyList<HealthProblem>> issues, Func<TimeSpan> hold, TimeProvider time)
{
    public const string Severity = "critical";

    private readonly Dictionary<string, DateTimeOffset> _since = new(StringComparer.Ordinal);

    /// <summary><paramref name="round"/> plus the degraded components' conditions and the health source.</summary>
    public AlertRound AddTo(AlertRound round)
    {
        var now = time.GetUtcNow();
        // The alert path's own failures are the direct alarm's: when this round runs, the alert round works
        // again (its failure is the last round's), and a stopped outbox or a lost store would not deliver this.
        var byComponent = issues().Where(p => p.Partial || !DirectAlarm.AlertPath.Contains(p.Component)).GroupBy(p => p.Component, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var healed in _since.Keys.Where(k => !byComponent.ContainsKey(k)).ToList()) _since.Remove(healed);
        var conditions = new List<AlertCondition>(round.Conditions);
        foreach (var (component, problems) in byComponent.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!_since.TryGetValue(component, out var since)) _since[component] = since = now;
            if (now - since >= hold()) conditions.Add(Condition(component, problems));
        }
        var evaluated = new HashSet<string>(round.EvaluatedSources, StringComparer.Ordinal) { DaemonAlertNames.HealthSource };
        return new AlertRound(conditions, evaluated);
    }

    public static AlertCondition Condition(string component, IReadOnlyList<HealthProblem> problems) => new()
    {
        Name = DaemonAlertNames.DoomsdayDegraded,
        Source = DaemonAlertNames.HealthSource,
        Labels = Labels(component),
        Severity = Severity,
        Summary = $"doomsday is degraded: {problems[0]}" + (problems.Count > 1 ? $" (and {problems.Count - 1} more)" : ""),
        Detail = string.Join("\n", problems),
    };

    public static IReadOnlyDictionary<string, string> Labels(string component) =>
        new Dictionary<string, string>(StringComparer.Ordinal) { [DaemonAlertNames.Labels.Component] = component };
}
