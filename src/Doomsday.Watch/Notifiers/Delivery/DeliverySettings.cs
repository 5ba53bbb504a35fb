namespace Doomsday.Watch.Notifiers.Delivery;

/// <summary>
/// Outbox retry policy: after the n-th failed attempt the row waits a random time between half and all of
/// <c>min(MaxBackoff, BaseBackoff × 2^(n-1))</c>, or exactly the receiver's <c>Retry-After</c> when it
/// gave one; a row not delivered within <see cref="MaxAge"/> of being enqueued expires.
/// </summary>
public sealed record DeliverySettings
{
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromHours(24);
    public TimeSpan BaseBackoff { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Attempts one lane (notifier, target) keeps in flight at once, each for a different alert: a burst of
    /// alerts to one receiver is sent in parallel instead of queuing behind each request. 1 sends one at a time.
    /// </summary>
    public int MaxInFlightPerLane { get; init; } = 8;

    /// <summary>
    /// When the daemon stops (SIGTERM), how long attempts already in flight may take to finish and have their
    /// answer recorded before they are cancelled and handed back (sent again at the next start). Long enough
    /// for a receiver that answers normally, short enough to stop well inside Kubernetes' default 30 s.
    /// </summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often idle lanes look at the store anyway (enqueues wake them at once).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);
}
