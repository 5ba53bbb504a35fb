using System.Globalization;
using Doomsday.Daemon.AlertRounds;
using Doomsday.Daemon.Configuration;
using Doomsday.Daemon.Tests.Support;

namespace Doomsday.Daemon.Tests;

/// <summary>
/// Acceptance: a real etcd with client TLS, probed by the daemon in-process; killed, then restarted on
/// the same port; notifications delivered to a real HTTP receiver; the incident log read back through the API.
/// </summary>
public sealed class WatchHostEtcdTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);
    private const int FailureThreshold = 2;

    [Fact]
    public async Task Watch_EtcdKilledThenRestarted_FiresDeliversResolvesAndLogsTheIncidentInOrder()
    {
        using var dir = new TempDir();
        using var tls = new EtcdTlsFiles(dir);
        var etcd = EtcdServer.Start(tls.Serving, tls.Ca);
        EtcdServer? restarted = null;
        await using var receiver = await WebhookReceiver.StartAsync();
        var log = new StringLog();
        var config = dir.File("doomsday.yaml", string.Create(CultureInfo.InvariantCulture, $"""
            probes:
              - name: etcd
                kind: etcd
                url: https://127.0.0.1:{etcd.ClientPort}
                interval: {Interval.TotalMilliseconds}ms
                timeout: 2s
                failureThreshold: {FailureThreshold}
                tls: {"{"} ca: {tls.CaFile}, cert: {tls.CertFile}, key: {tls.KeyFile} {"}"}
            notifiers:
              - name: hook
                kind: webhook
                url: {receiver.Url}
            server:
              listen: 127.0.0.1:{TcpPorts.Free()}
            store:
              path: doomsday.db
            """));
        try
        {
            await using var host = new WatchHost(new WatchHostOptions { ConfigPath = config, Loader = new WatchConfigFileLoader(_ => null), Log = log.Log, WatchConfigFile = false });
            var started = await host.StartAsync(CancellationToken.None);
            Assert.True(started.Started, string.Join("\n", started.Errors));
            using var api = new DaemonApi(host.BaseUrl);

            await Eventually.UntilAsync(async () => (await api.ProbesAsync()).Single().State == "up", Deadline, "etcd probed healthy\n" + log);

            var killedAt = DateTimeOffset.UtcNow;
            etcd.Dispose();
            var firing = await receiver.WaitForAsync(r => (string?)r.Body["status"] == "firing", Deadline, "firing notification\n" + log);
            var alert = (await api.AlertsAsync()).Single(a => a.Name == DaemonAlertNames.ProbeDown);
            Assert.Equal("etcd", alert.Labels["probe"]);
            Assert.Equal(alert.Fingerprint, (string?)firing.Body["alerts"]![0]!["fingerprint"]);
            // interval × failureThreshold plus a margin for a shared 2-core machine
            var allowed = Interval * FailureThreshold + TimeSpan.FromSeconds(3);
            Assert.True(alert.FiringAt - killedAt <= allowed, $"fired {alert.FiringAt - killedAt} after the kill (allowed {allowed})\n{log}");

            restarted = EtcdServer.Start(tls.Serving, tls.Ca, clientPort: etcd.ClientPort);
            var resolved = await receiver.WaitForAsync(r => (string?)r.Body["status"] == "resolved", Deadline, "resolved notification\n" + log);
            Assert.Equal(alert.Fingerprint, (string?)resolved.Body["alerts"]![0]!["fingerprint"]);
            Assert.NotEqual(firing.IdempotencyKey, resolved.IdempotencyKey);

            // the dispatcher records a delivery right after the receiver answered: wait for the second one
            var incident = await Eventually.UntilAsync(async () =>
            {
                var all = await api.IncidentsAsync(alert.Fingerprint);
                return all.Count == 1 && all[0].Events.Count(e => e.Kind == "notification_sent") == 2 ? all[0] : null;
            }, Deadline, "both deliveries in the incident log\n" + log);
            var kinds = incident.Events.Select(e => e.Kind).ToList();
            Assert.Equal("first_failure", kinds[0]);
            Assert.True(kinds.IndexOf("firing") < kinds.IndexOf("notification_sent"), string.Join(",", kinds));
            Assert.True(kinds.IndexOf("notification_sent") < kinds.IndexOf("resolved"), string.Join(",", kinds));
            Assert.Equal("notification_sent", kinds[^1]);
            Assert.NotNull(incident.ResolvedAt);
            for (var i = 1; i < incident.Events.Count; i++)
                Assert.True(incident.Events[i - 1].At <= incident.Events[i].At, $"events out of time order: {string.Join(", ", incident.Events.Select(e => $"{e.Kind}@{e.At:O}"))}");
            // A run is stamped with the time it started: the one the kill cut short started at most its 2 s timeout
            // before the kill (it was still running then); anything earlier was a failure that had nothing to do with it.
            Assert.True(incident.Events[0].At >= killedAt - TimeSpan.FromSeconds(2), $"first failure {incident.Events[0].At:O} long before the kill {killedAt:O}");

            var metrics = await api.MetricsAsync();
            Assert.Matches("probe_success\\{probe=\"etcd\",kind=\"etcd\",instance=\"https://127\\.0\\.0\\.1:[0-9]+/[^\"]*\"\\} 1\n", metrics);
            Assert.Contains("doomsday_notifications_total{notifier=\"hook\",result=\"delivered\"} 2", metrics);
            var (code, output) = Promtool.CheckMetrics(metrics);
            Assert.True(code == 0, output);
        }
        finally
        {
            etcd.Dispose();
            restarted?.Dispose();
        }
    }
}
