using Doomsday.Core.Configuration.Rules;
using Doomsday.Watch.Configuration.Rules;

namespace Doomsday.Watch.Notifiers;

/// <summary>What every notifier has; per-kind options derive from this, one record per kind beside its notifier.</summary>
public abstract record NotifierOptions
{
    /// <summary>Public contract: the <c>kind</c> written in the config file.</summary>
    public abstract string Kind { get; }

    public required string Name { get; init; }

    /// <summary>Per-attempt timeout.</summary>
    [PositiveDuration]
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The severity names this notifier sends, by Doomsday severity (<c>info</c>, <c>warning</c>,
    /// <c>critical</c>, <c>emergency</c>, <c>not_yet_valid</c>, <c>expired</c>); a severity not listed is sent
    /// as it is. E.g. <c>{emergency: critical, expired: critical, not_yet_valid: critical}</c> so that
    /// Alertmanager routes on <c>severity=~"critical|warning"</c> see every alert.
    /// </summary>
    [SeverityKeys, NotEmpty("a severity name cannot be empty")]
    public IReadOnlyDictionary<string, string> Severities { get; init; } = new Dictionary<string, string>();

    /// <summary>The name this notifier sends for <paramref name="severity"/>.</summary>
    public string SeverityName(string severity) => Severities.TryGetValue(severity, out var name) ? name : severity;

    /// <summary>
    /// Non-null for a receiver that keeps alert state and resolves a firing alert it is not told again
    /// (Alertmanager): the engine re-sends every firing alert it told this notifier at this interval.
    /// Not a config key (no setter); each kind derives it from its own options.
    /// </summary>
    public virtual TimeSpan? ResendInterval => null;
}
