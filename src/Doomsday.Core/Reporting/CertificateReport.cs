using Doomsday.Core.Certificates;
using Doomsday.Core.Inventory;

namespace Doomsday.Core.Reporting;

/// <summary>
/// What <see cref="PrometheusReportWriter"/> writes: one inventory judged at <see cref="Now"/>, how its
/// series are labelled, and the per-source accounts. <see cref="Sources"/> null: counted from the
/// inventory, each place named after its kind. <see cref="Summary"/> must count this very inventory. <see cref="Counters"/> null: a fresh set holding this
/// inventory alone (a <c>scan</c>); the daemon passes the set it keeps, having applied the inventory to it.
/// </summary>
public sealed record CertificateReport(CollectingSink Inventory, Thresholds Thresholds, DateTimeOffset Now)
{
    public MetricsOptions Options { get; init; } = MetricsOptions.Default;
    public SourceTally? Sources { get; init; }
    public X509SourceCounters? Counters { get; init; }
    public ExtraLabels Labels { get; init; } = ExtraLabels.None;

    /// <summary>The inventory's counts when the caller already has them (<c>scan</c> does); null: counted here.</summary>
    public ScanSummary? Summary { get; init; }
}
