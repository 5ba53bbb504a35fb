using Doomsday.Core.Certificates;
using Doomsday.Core.Configuration.Rules;
using Doomsday.Watch.Alerting;
using Doomsday.Watch.Configuration.Rules;
using Doomsday.Watch.Notifiers;
using Doomsday.Watch.Probes;

namespace Doomsday.Watch.Configuration;

/// <summary>
/// The whole <c>doomsday watch</c> configuration, immutable; built only by <see cref="WatchConfigLoader"/>,
/// which has checked every cross-reference (route → notifier, unique names, listen address). Keys in
/// the file are the camelCase property names (docs/configuration.md). Printing it redacts secrets.
/// </summary>
public sealed record WatchOptions
{
    /// <summary>Absolute path of the file it was loaded from ("" when loaded from text without one).</summary>
    public string SourcePath { get; init; } = "";

    /// <summary>
    /// Labels of this daemon (cluster, node, region...), like Prometheus's <c>external_labels</c>: added to
    /// every alert the daemon sends (an alert's own label of the same name wins) and to every metric series.
    /// Names are Prometheus label names (<see cref="LabelNames"/>), values not empty. Top-level key <c>labels</c>.
    /// </summary>
    [LabelNames, NotEmpty("an empty label value is the same as no label: leave the label out")]
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public CertificatesOptions Certificates { get; init; } = new();
    public Thresholds Thresholds { get; init; } = Thresholds.Default;

    /// <summary>Ordered by strictly decreasing <see cref="EscalationStep.Below"/>.</summary>
    public IReadOnlyList<EscalationStep> Escalation { get; init; } = EscalationStep.Default;

    public IReadOnlyList<ProbeOptions> Probes { get; init; } = [];
    public IReadOnlyList<NotifierOptions> Notifiers { get; init; } = [];
    public IReadOnlyList<RouteOptions> Routes { get; init; } = [];
    public IReadOnlyList<MaintenanceWindow> Maintenance { get; init; } = [];
    public ServerOptions Server { get; init; } = new();
    public StoreOptions Store { get; init; } = new();
    public DeliveryOptions Delivery { get; init; } = new();

    /// <summary>Null when no heartbeat is configured.</summary>
    public HeartbeatOptions? Heartbeat { get; init; }

    /// <summary>How certificate series are labelled (x509-certificate-exporter's <c>metrics.*</c> settings).</summary>
    public Core.Reporting.MetricsOptions Metrics { get; init; } = Core.Reporting.MetricsOptions.Default;

    private bool PrintMembers(System.Text.StringBuilder builder) => RedactedPrinter.PrintMembers(this, builder);
}
