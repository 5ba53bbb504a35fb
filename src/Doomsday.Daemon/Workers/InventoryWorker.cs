using Doomsday.Core.Doctor;
using Doomsday.Core.Reporting;
using Doomsday.Core.Sources.Cluster;
using Doomsday.Core.Sources.Endpoints;
using Doomsday.Daemon.AlertRounds;
using Doomsday.Daemon.Logging;
using Doomsday.Daemon.Telemetry;

namespace Doomsday.Daemon.Workers;

/// <summary>
/// Re-scans the configured certificate sources every <c>certificates.interval</c> with the same
/// gathering and checks as <c>doctor</c> (one pass gives both the inventory and the findings; with
/// <c>certificates.kubeadm</c> the kubeadm checks, with <c>certificates.cluster</c> the cluster ones),
/// publishes the snapshot and hands it to the subscribers (store, alert engine).
/// </summary>
internal sealed class InventoryWorker(Func<InventorySettings> settings, ITlsHandshaker handshaker, DaemonMetrics metrics, EventLog log, TimeProvider time)
{
    public const string Name = "inventory";

    private InventorySnapshot? _latest;

    public InventorySnapshot? Latest => Volatile.Read(ref _latest);

    /// <summary>Called after each scan, in order; one that throws is logged and does not stop the others.</summary>
    public List<Func<InventorySnapshot, CancellationToken, Task>> Subscribers { get; } = [];

    public async Task RoundAsync(CancellationToken cancellationToken)
    {
        var s = settings();
        if (s.IsEmpty) return;
        var request = new DoctorRequest
        {
            KubeadmRoot = s.Sources.Kubeadm,
            Paths = s.Sources.Paths,
            Kubeconfigs = s.Sources.Kubeconfigs,
            Endpoints = s.Sources.Endpoints,
            Options = s.Options,
            Thresholds = s.Thresholds,
            ClusterOptions = new ClusterReadOptions { Secrets = s.Sources.Cluster?.SecretPatterns ?? SecretPattern.WithDefault([]) },
            // Resolved each round, as kubectl would now: a rotated kubeconfig or token applies at the next scan.
            Clusters = s.Sources.Cluster is { Enabled: true } c
                ? ClusterTargets.Resolve(c.Kubeconfig is null ? [] : [c.Kubeconfig], c.Context is null ? [] : [c.Context],
                    Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile))
                : null,
        };
        var inputs = await new DoctorGatherer(handshaker, time).GatherAsync(request, cancellationToken).ConfigureAwait(false);
        var report = DoctorChecks.Run(inputs);
        var snapshot = new InventorySnapshot(inputs.Now, inputs.Certificates, inputs.Errors, report.Ordered(), s.Thresholds)
        {
            DoctorReads = DoctorReads.From(inputs, request.Clusters),
            Sources = inputs.Sources,
        };
        foreach (var e in snapshot.Errors) metrics.SourceError(e.Source.Kind, e.Reason);
        Volatile.Write(ref _latest, snapshot);
        metrics.ScanCompleted(time.GetUtcNow());
        log.Write(LogEvents.InventoryScanned, Name, $"{Plurals.Count(snapshot.Certificates.Count, "certificate")}, {Plurals.Count(snapshot.Errors.Count, "read error")}, {Plurals.Count(snapshot.Findings.Count, "finding")}");
        foreach (var subscriber in Subscribers)
        {
            try
            {
                await subscriber(snapshot, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                log.Write(LogEvents.InventoryHandOffFailed, Name, "handing the snapshot on failed: " + EventLog.Describe(e));
            }
        }
    }
}
