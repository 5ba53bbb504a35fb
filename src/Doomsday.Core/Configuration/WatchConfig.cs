using Doomsday.Core.Alerting;
using Doomsday.Core.Certificates;
using Doomsday.Core.Notifiers;
using Doomsday.Core.Probes;

namespace Doomsday.Core.Configuration;

/// <summary>
/// The whole <c>doomsday watch</c> configuration, immutable; built only by <see cref="WatchConfigLoader"/>,
/// which has checked every cross-reference (route → notifier, unique names, listen address). Keys in
/// the file are the camelCase property names (docs/configuration.md). Printing it redacts secrets.
/// </summary>
public sealed record WatchConfig
{
    /// <summary>Absolute path of the file it was loaded from ("" when loaded from text without one).</summary>
    public string SourcePath { get; init; } = "";

    public CertificatesConfig Certificates { get; init; } = new();
    public Thresholds Thresholds { get; init; } = Thresholds.Default;

    /// <summary>Ordered by strictly decreasing <see cref="EscalationStep.Below"/>.</summary>
    public IReadOnlyList<EscalationStep> Escalation { get; init; } = EscalationStep.Default;

    public IReadOnlyList<ProbeOptions> Probes { get; init; } = [];
    public IReadOnlyList<NotifierOptions> Notifiers { get; init; } = [];
    public IReadOnlyList<RouteOptions> Routes { get; init; } = [];
    public IReadOnlyList<MaintenanceWindow> Maintenance { get; init; } = [];
    public ServerConfig Server { get; init; } = new();
    public StoreConfig Store { get; init; } = new();

    /// <summary>Null when no heartbeat is configured.</summary>
    public HeartbeatConfig? Heartbeat { get; init; }

    /// <summary>
    /// Top-level <c>labels</c>: added to every alert and every metric series (<c>cluster</c>, <c>node</c>,
    /// <c>region</c>), as Prometheus' external labels. A series' or alert's own label of the same name wins.
    /// </summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>How certificate series are labelled (x509-certificate-exporter's <c>metrics.*</c> settings).</summary>
    public Reporting.MetricsOptions Metrics { get; init; } = Reporting.MetricsOptions.Default;

    private bool PrintMembers(System.Text.StringBuilder builder) => RedactedPrinter.PrintMembers(this, builder);
}
