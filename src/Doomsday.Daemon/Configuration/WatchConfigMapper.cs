using Doomsday.Core.Configuration;
using Doomsday.Core.Inventory;
using Doomsday.Daemon.Http;
using Doomsday.Daemon.Workers;
using Doomsday.Watch.Configuration;

namespace Doomsday.Daemon.Configuration;

/// <summary>The config file's model (Core.Configuration) → the host's settings. The only place that knows both.</summary>
public static class WatchConfigMapper
{
    public static DaemonSettings Map(WatchOptions c) => new()
    {
        Server = new ServerSettings { Listen = c.Server.Listen, Token = c.Server.BearerToken, AllowedHosts = c.Server.AllowedHosts },
        ExternalUrl = c.Server.ExternalUrl ?? "",
        Labels = c.Labels,
        Certificates = new InventorySettings
        {
            Sources = c.Certificates,
            Thresholds = c.Thresholds,
            Options = new ScanOptions(),
        },
        Heartbeat = c.Heartbeat is { } h ? new HeartbeatSettings { Url = h.Url, Method = h.Method, Interval = h.Interval } : null,
        Probes = c.Probes,
        Notifiers = c.Notifiers,
        Routes = c.Routes,
        Escalation = c.Escalation,
        MaintenanceWindows = c.Maintenance,
        StorePath = c.Store.Path,
        Metrics = c.Metrics,
        Delivery = new Watch.Notifiers.Delivery.DeliverySettings { ShutdownGrace = c.Delivery.ShutdownGrace },
        Retention = new Watch.Store.RetentionSettings
        {
            ProbeResults = c.Store.Retention.ProbeResults,
            Incidents = c.Store.Retention.Incidents,
            Snapshots = c.Store.Retention.Snapshots,
        },
    };
}
