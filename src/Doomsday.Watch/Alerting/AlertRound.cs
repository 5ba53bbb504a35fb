namespace Doomsday.Watch.Alerting;

/// <summary>
/// What the daemon hands the engine each evaluation round: every condition active now, and the sources that
/// were actually evaluated. An alert resolves only when its source is in <see cref="EvaluatedSources"/> and
/// its condition is absent; alerts of a source that failed or did not run this round keep their state (a
/// failed certificate scan must not resolve every certificate alert). A condition whose source is not listed
/// counts its source as evaluated.
/// </summary>
public sealed record AlertRound(IReadOnlyList<AlertCondition> Conditions, IReadOnlySet<string> EvaluatedSources)
{
    public static AlertRound Of(IEnumerable<string> evaluatedSources, params AlertCondition[] conditions) =>
        new(conditions, new HashSet<string>(evaluatedSources, StringComparer.Ordinal));
}
