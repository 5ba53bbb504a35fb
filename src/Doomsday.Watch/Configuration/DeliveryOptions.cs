namespace Doomsday.Watch.Configuration;

/// <summary>The <c>delivery</c> section: how the outbox behaves beyond each notifier's own settings (docs/configuration.md).</summary>
public sealed record DeliveryOptions
{
    /// <summary>On SIGTERM, how long notifications already being sent may take to finish before they are handed back.</summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(5);
}
