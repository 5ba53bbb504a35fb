using Doomsday.Core.Configuration.Rules;

namespace Doomsday.Watch.Alerting;

/// <summary>
/// While a certificate has at most <see cref="Below"/> left (as Thresholds counts; negative: expired for at
/// least that long), it is notified again every <see cref="Every"/>. Crossing into a step notifies at once.
/// The most urgent step reached applies (docs/alerting.md).
/// </summary>
public sealed record EscalationStep([property: AllowNegative] TimeSpan Below, [property: PositiveDuration(MinimumMilliseconds = 1000)] TimeSpan Every)
{
    /// <summary>
    /// Weekly from the warning threshold, daily from the critical one, hourly from the emergency one, every 15
    /// minutes once expired: the steps start where the one severity scale changes word (docs/severity.md).
    /// </summary>
    public static readonly IReadOnlyList<EscalationStep> Default =
    [
        new(Core.Certificates.Thresholds.Default.Warning, TimeSpan.FromDays(7)),
        new(Core.Certificates.Thresholds.Default.Critical, TimeSpan.FromDays(1)),
        new(Core.Certificates.Thresholds.Default.Emergency, TimeSpan.FromHours(1)),
        new(TimeSpan.Zero, TimeSpan.FromMinutes(15)),
    ];
}
