using Doomsday.Core.Doctor;
using Doomsday.Core.Sources.Endpoints;
using Doomsday.Daemon.AlertRounds;
using Doomsday.Daemon.Logging;
using Doomsday.Daemon.Telemetry;
using Doomsday.Daemon.Workers;
using Doomsday.Watch.Alerting;
using k8s.Models;

namespace Doomsday.Daemon.Tests.AlertRounds;

/// <summary>
/// Doctor alerts through the real inventory worker (doctor gathering and checks) and the alert engine: a
/// finding that vanishes because its input could not be read this round keeps its alert firing; one that
/// vanishes because the problem was fixed resolves.
/// </summary>
public sealed class DoctorSourcesTests : IDisposable
{
    private readonly TempDir _dir = new();

    private sealed class Rounds(InventoryWorker inventory, AlertEngine engine)
    {
        public InventorySnapshot Snapshot { get; private set; } = null!;

        public async Task<AlertDecisions> NextAsync()
        {
            await inventory.RoundAsync(CancellationToken.None);
            Snapshot = inventory.Latest!;
            return engine.Evaluate(AlertConditions.Build([], Snapshot, Snapshot.ScannedAt, engine.States.Select(s => s.Source)));
        }

        public AlertState Alert(string finding, string subject) => Assert.Single(engine.States,
            s => s.Name == DaemonAlertNames.DoctorFinding && s.Labels[DaemonAlertNames.Labels.Finding] == finding && s.Labels[DaemonAlertNames.Labels.Subject] == subject);
    }

    private static bool Resolves(AlertDecisions d, string finding) =>
        d.Notifications.Any(n => n.Notification.Status == "resolved" && n.Notification.Labels[DaemonAlertNames.Labels.Finding] == finding);

    private static Rounds Start(InventorySettings settings)
    {
        var engine = new AlertEngine(new AlertingOptions { DefaultNotifiers = ["hook"] }, TimeProvider.System);
        return new Rounds(new InventoryWorker(() => settings, ITlsHandshaker.Default, new DaemonMetrics(), EventLog.Null, TimeProvider.System), engine);
    }

    [Fact]
    public async Task Build_KubeadmCertificateUnreadableThenRepaired_AlertHeldThenResolved()
    {
        using var tree = new DoctorTree();
        var key = tree.Pki("front-proxy-client.key");
        var original = File.ReadAllBytes(key);
        tree.TakeFromOther("pki/front-proxy-client.key");
        var rounds = Start(new InventorySettings { Sources = new() { Kubeadm = tree.Root } });

        await rounds.NextAsync();
        Assert.Empty(rounds.Snapshot.Errors);
        Assert.Equal(AlertStatus.Firing, rounds.Alert(FindingIds.KeyMismatch, "front-proxy-client").Status);
        Assert.StartsWith(DoctorSources.Local + "|", rounds.Alert(FindingIds.KeyMismatch, "front-proxy-client").Source);

        // (a) The problem persists: still firing, nothing resolved.
        var persisting = await rounds.NextAsync();
        Assert.False(Resolves(persisting, FindingIds.KeyMismatch));
        Assert.Equal(AlertStatus.Firing, rounds.Alert(FindingIds.KeyMismatch, "front-proxy-client").Status);

        // (b) The certificate is unreadable (a link to nowhere in its place): the finding is gone from doctor's output, the alert is not.
        var crt = tree.Pki("front-proxy-client.crt");
        var crtBytes = File.ReadAllBytes(crt);
        File.Delete(crt);
        File.CreateSymbolicLink(crt, _dir.Combine("nowhere/front-proxy-client.crt"));
        var unreadable = await rounds.NextAsync();
        Assert.NotEmpty(rounds.Snapshot.Errors);
        Assert.DoesNotContain(rounds.Snapshot.Findings, f => f.Id == FindingIds.KeyMismatch);
        Assert.False(Resolves(unreadable, FindingIds.KeyMismatch));
        Assert.Equal(AlertStatus.Firing, rounds.Alert(FindingIds.KeyMismatch, "front-proxy-client").Status);

        // (c) The certificate readable again and the right key back: resolved.
        File.Delete(crt);
        File.WriteAllBytes(crt, crtBytes);
        File.WriteAllBytes(key, original);
        var repaired = await rounds.NextAsync();
        Assert.Empty(rounds.Snapshot.Errors);
        Assert.True(Resolves(repaired, FindingIds.KeyMismatch));
        Assert.Equal(AlertStatus.Resolved, rounds.Alert(FindingIds.KeyMismatch, "front-proxy-client").Status);
    }

    [Fact]
    public async Task Build_ClusterNodesForbiddenThenApiGoneThenNodeReady_AlertHeldThenResolved()
    {
        const string subject = "prod Node worker-1";
        var kubeconfig = _dir.Combine("kubeconfig");
        var rounds = Start(new InventorySettings { Sources = new() { Cluster = new() { Kubeconfig = kubeconfig, Context = "prod" } } });
        var api = await FakeKubeApiServer.StartAsync();
        try
        {
            api.Add(Node(ready: false));
            api.WriteKubeconfig(kubeconfig, "prod", api.IssueClientCertificate(lifetime: TimeSpan.FromDays(730)));

            await rounds.NextAsync();
            Assert.Contains("prod", rounds.Snapshot.DoctorReads.FullyRead);
            Assert.Equal(AlertStatus.Firing, rounds.Alert(FindingIds.NodeNotReady, subject).Status);
            Assert.Equal(DoctorSources.ClusterPrefix + "prod|node-not-ready|" + subject, rounds.Alert(FindingIds.NodeNotReady, subject).Source);

            // (a) Still NotReady: still firing.
            Assert.False(Resolves(await rounds.NextAsync(), FindingIds.NodeNotReady));

            // (b1) Nodes cannot be listed (403): the finding is gone, the alert is held.
            api.Forbid("nodes");
            var forbidden = await rounds.NextAsync();
            Assert.DoesNotContain(rounds.Snapshot.Findings, f => f.Id == FindingIds.NodeNotReady);
            Assert.Contains(rounds.Snapshot.Findings, f => f.Id == FindingIds.ApiAccessDenied);
            Assert.False(Resolves(forbidden, FindingIds.NodeNotReady));
            Assert.Equal(AlertStatus.Firing, rounds.Alert(FindingIds.NodeNotReady, subject).Status);
        }
        finally
        {
            await api.DisposeAsync();
        }

        // (b2) The API is gone: unreachable is raised, the node and access alerts are held.
        var gone = await rounds.NextAsync();
        Assert.Contains(rounds.Snapshot.Findings, f => f.Id == FindingIds.ApiUnreachable);
        Assert.False(Resolves(gone, FindingIds.NodeNotReady));
        Assert.False(Resolves(gone, FindingIds.ApiAccessDenied));
        Assert.Equal(AlertStatus.Firing, rounds.Alert(FindingIds.NodeNotReady, subject).Status);

        // (c) The API back (same context), the node Ready: node, access and unreachable alerts resolve.
        await using var back = await FakeKubeApiServer.StartAsync();
        back.Add(Node(ready: true));
        back.WriteKubeconfig(kubeconfig, "prod", back.IssueClientCertificate(lifetime: TimeSpan.FromDays(730)));
        var fixedRound = await rounds.NextAsync();
        Assert.DoesNotContain(rounds.Snapshot.Findings, f => f.Severity >= FindingSeverity.Warning);
        Assert.True(Resolves(fixedRound, FindingIds.NodeNotReady));
        Assert.True(Resolves(fixedRound, FindingIds.ApiAccessDenied));
        Assert.True(Resolves(fixedRound, FindingIds.ApiUnreachable));
        Assert.Equal(AlertStatus.Resolved, rounds.Alert(FindingIds.NodeNotReady, subject).Status);
    }

    [Fact]
    public void Build_LegacyDoctorSource_ResolvedOnlyWhenEveryInputRead()
    {
        var engine = new AlertEngine(new AlertingOptions { DefaultNotifiers = ["hook"] }, TimeProvider.System);
        var finding = new Finding(FindingIds.KeyMismatch, FindingSeverity.Critical, "front-proxy-client", "key does not match", [], Runbook.None);
        var legacy = new AlertCondition
        {
            Name = DaemonAlertNames.DoctorFinding, Source = DaemonAlertNames.DoctorSource, Severity = "critical", Summary = finding.Summary,
            Labels = new Dictionary<string, string> { [DaemonAlertNames.Labels.Finding] = finding.Id, [DaemonAlertNames.Labels.Subject] = finding.Subject },
        };
        engine.Evaluate(AlertRound.Of([], legacy));
        var now = DateTimeOffset.UtcNow;
        var empty = new HashSet<string>();
        InventorySnapshot Snapshot(bool local) => new(now, [], [], [], Core.Certificates.Thresholds.Default) { DoctorReads = new DoctorReads(local, empty, empty, empty, true) };

        var held = engine.Evaluate(AlertConditions.Build([], Snapshot(local: false), now, engine.States.Select(s => s.Source)));
        Assert.Empty(held.Notifications);
        var resolved = engine.Evaluate(AlertConditions.Build([], Snapshot(local: true), now, engine.States.Select(s => s.Source)));
        Assert.Equal("resolved", Assert.Single(resolved.Notifications).Notification.Status);
    }

    private static V1Node Node(bool ready) => new()
    {
        Metadata = new V1ObjectMeta { Name = "worker-1" },
        Status = new V1NodeStatus
        {
            Conditions = [new V1NodeCondition { Type = "Ready", Status = ready ? "True" : "False", Reason = ready ? "KubeletReady" : "KubeletNotReady", Message = "" }],
        },
    };

    public void Dispose() => _dir.Dispose();
}
