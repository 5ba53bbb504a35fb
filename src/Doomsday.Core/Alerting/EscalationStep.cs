namespace Doomsday.Core.Alerting;

/// <summary>
/// While a certificate has at most <see cref="Below"/> left (as Thresholds counts; negative: expired for at
/// least that long), it is notified again every <see cref="Every"/>. Crossing into a step notifies at once.
/// The most urgent step reached applies (docs/alerting.md).
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
