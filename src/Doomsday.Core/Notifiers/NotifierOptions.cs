namespace Doomsday.Core.Notifiers;

/// <summary>What every notifier has; per-kind options derive from this, one record per kind beside its notifier.</summary>
public abstract record NotifierOptions
{
    /// <summary>Public contract: the <c>kind</c> written in the config file.</summary>
    public abstract string Kind { get; }

    public required string Name { get; init; }

    /// <summary>Per-attempt timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
}
