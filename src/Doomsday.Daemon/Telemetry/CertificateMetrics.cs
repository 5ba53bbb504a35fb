using Doomsday.Core.Reporting;
using Doomsday.Daemon.Workers;

namespace Doomsday.Daemon.Telemetry;

/// <summary>
/// The certificate section of <c>/metrics</c> (what <c>scan -o prometheus</c> writes, plus the exporter's
/// per-source counters accumulated since the daemon started): rendered once per inventory, when it
/// completes, and served as bytes, so a scrape costs a copy whatever the inventory's size. Options and
/// labels changed by a reload apply from the next inventory (a reload starts one at once).
/// </summary>
internal sealed class CertificateMetrics
{
    private readonly X509SourceCounters _counters = new();
    private readonly Lock _render = new();
    private byte[]? _rendered;

    /// <summary>The section as last rendered; null before the first inventory.</summary>
    public byte[]? Rendered => Volatile.Read(ref _rendered);

    public void Update(InventorySnapshot snapshot, MetricsOptions options, IReadOnlyDictionary<string, string> labels)
    {
        lock (_render)
        {
            _counters.Apply(snapshot.Sources);
            var report = new CertificateReport(snapshot.ToSink(), snapshot.Thresholds, snapshot.ScannedAt)
            {
                Options = options,
                Sources = snapshot.Sources,
                Counters = _counters,
                Labels = ExtraLabels.From(labels),
            };
            Volatile.Write(ref _rendered, PrometheusReportWriter.Render(report));
        }
    }
}
