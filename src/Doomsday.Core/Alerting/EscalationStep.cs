namespace Doomsday.Core.Alerting;

/// <summary>
/// While a certificate has less than <see cref="Below"/> left (negative: expired for longer than that),
/// it is notified again every <see cref="Every"/>. Crossing into a step notifies at once.
/// </summary>
public sealed record EscalationStep(TimeSpan Below, TimeSpan Every)
{
    /// <summary>Seed 000: 90 days weekly, 30 days daily, last week hourly, expired every 15 minutes.</summary>
    public static readonly IReadOnlyList<EscalationStep> Default =
    [
        new(TimeSpan.FromDays(90), TimeSpan.FromDays(7)),
        new(TimeSpan.FromDays(30), TimeSpan.FromDays(1)),
        new(TimeSpan.FromDays(7), TimeSpan.FromHours(1)),
        new(TimeSpan.Zero, TimeSpan.FromMinutes(15)),
    ];
}
