using Doomsday.Core.Reporting;
using Doomsday.Daemon.Http;
using Doomsday.Daemon.Workers;
using Doomsday.Watch.Alerting;
using Doomsday.Watch.Notifiers;
using Doomsday.Watch.Notifiers.Delivery;
using Doomsday.Watch.Probes;
using Doomsday.Watch.Store;

namespace Doomsday.Daemon.Configuration;

/// <summary>
/// A loaded, valid configuration as the host applies it. Immutable: a reload builds a new one and
/// swaps it in whole, so a worker never sees half of an old config and half of a new one.
/// </summary>
public sealed record DaemonSettings
{
    public ServerSettings Server { get; init; } = new();
    public InventorySettings Certificates { get; init; } = new();
    public HeartbeatSettings? Heartbeat { get; init; }
    public IReadOnlyList<ProbeOptions> Probes { get; init; } = [];
    public IReadOnlyList<NotifierOptions> Notifiers { get; init; } = [];
    public IReadOnlyList<RouteOptions> Routes { get; init; } = [];
    public IReadOnlyList<EscalationStep> Escalation { get; init; } = EscalationStep.Default;
    public IReadOnlyList<MaintenanceWindow> MaintenanceWindows { get; init; } = [];

    /// <summary>The SQLite file (relative paths are relative to the config file's directory).</summary>
    public string StorePath { get; init; } = "doomsday.db";

    /// <summary>How long each kind of history is kept.</summary>
    public RetentionSettings Retention { get; init; } = new();

    /// <summary>Outbox retry policy (backoff, maximum age).</summary>
    public DeliverySettings Delivery { get; init; } = new();

    /// <summary>The daemon's own labels (config <c>labels</c>): added to every alert it sends, like Prometheus's external labels.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Where people reach the daemon (<c>server.externalUrl</c>): the start of links in notifications; "" for none.</summary>
    public string ExternalUrl { get; init; } = "";

    /// <summary>How often alerts are evaluated (certificate escalation, silences expiring, maintenance windows).</summary>
    public TimeSpan EvaluationInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How certificate series are labelled (<c>metrics</c>).</summary>
    public MetricsOptions Metrics { get; init; } = MetricsOptions.Default;

    /// <summary>
    /// How long a component must stay unhealthy (<c>/healthz</c>) before <c>DoomsdayDegraded</c> is raised: one
    /// write the store was too busy for is not worth a page, ten seconds of failing rounds are.
    /// </summary>
    public TimeSpan DegradedAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>No probe and no certificate source: nothing is watched (a reload to this needs an explicit marker: Reload/ReloadGuard).</summary>
    public bool MonitorsNothing => Probes.Count == 0 && Certificates.IsEmpty;
}
