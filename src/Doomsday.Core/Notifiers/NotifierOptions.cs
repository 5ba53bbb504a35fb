namespace Doomsday.Core.Notifiers;

/// <summary>What every notifier has; per-kind options derive from this, one record per kind beside its notifier.</summary>
public abstract record NotifierOptions
{
    /// <summary>Public contract: the <c>kind</c> written in the config file.</summary>
    public abstract string Kind { get; }

    public required string Name { get; init; }

    /// <summary>Per-attempt timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Non-null for a receiver that keeps alert state and resolves a firing alert it is not told again
    /// (Alertmanager): the engine re-sends every firing alert it told this notifier at this interval.
    /// Not a config key (no setter); each kind derives it from its own options.
    /// </summary>
    public virtual TimeSpan? ResendInterval => null;
}
