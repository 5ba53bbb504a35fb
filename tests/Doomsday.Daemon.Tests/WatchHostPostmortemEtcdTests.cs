using System.Globalization;
using System.Net.Http.Json;
using Doomsday.Daemon.Configuration;
using Doomsday.Daemon.Http.V1;
using Doomsday.Daemon.Tests.Support;
using Doomsday.Watch.Incidents;
using Doomsday.Watch.Store;

namespace Doomsday.Daemon.Tests;

/// <summary>
/// Acceptance: the post-mortem draft of a real etcd outage (etcd with client TLS killed, then restarted on
/// the same port, probed by the daemon in-process) has its timeline in order and the time to detect and to
/// resolve that the store's own records give: the first failed probe run, the firing and the resolution.
/// </summary>
public sealed class WatchHostPostmortemEtcdTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Postmortem_EtcdKilledThenRestarted_HasTheTimelineInOrderAndTheRightFigures()
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
                interval: 300ms
                timeout: 2s
                failureThreshold: 2
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
            using var api = new HttpClient { BaseAddress = host.BaseUrl, Timeout = TimeSpan.FromSeconds(20) };
            await Eventually.UntilAsync(async () => (await api.GetFromJsonAsync<List<V1Probe>>("/api/v1/probes"))!.Single().State == "up", Deadline, "etcd probed healthy\n" + log);

            var killedAt = DateTimeOffset.UtcNow;
            etcd.Dispose();
            await receiver.WaitForAsync(r => (string?)r.Body["status"] == "firing", Deadline, "firing notification\n" + log);
            var restartedAt = DateTimeOffset.UtcNow;
            restarted = EtcdServer.Start(tls.Serving, tls.Ca, clientPort: etcd.ClientPort);
            await receiver.WaitForAsync(r => (string?)r.Body["status"] == "resolved", Deadline, "resolved notification\n" + log);
            var incident = await Eventually.UntilAsync(async () =>
            {
                var list = await api.GetFromJsonAsync<List<V1Incident>>("/api/v1/incidents");
                return list!.SingleOrDefault(i => i.ResolvedAt is not null && i.Events.Count(e => e.Kind == IncidentEventKinds.NotificationSent) == 2);
            }, Deadline, "the incident resolved with both deliveries\n" + log);

            var md = await api.GetStringAsync($"/api/v1/incidents/{incident.Id}/postmortem");

            // the facts, from the store's records rather than from the draft (probe results reach the store in
            // batches, so wait until it holds a run after the restart)
            var results = await Eventually.UntilAsync(() =>
            {
                var stored = host.Store.ProbeResults.For("etcd", killedAt.AddSeconds(-5));
                return Task.FromResult(stored.Any(r => r.Success && r.At > restartedAt) ? stored : null);
            }, Deadline, "a stored successful run after the restart\n" + log);
            // A run stamps the time it started: one that started just before the kill and failed because of it is the
            // first failed run, so count from the last success that started before the kill.
            var lastUp = results.Last(r => r.Success && r.At < killedAt).At;
            var firstFailedRun = results.First(r => !r.Success && r.At > lastUp).At;
            var firstFailure = incident.Events.Single(e => e.Kind == IncidentEventKinds.FirstFailure).At;
            var firing = incident.Events.Single(e => e.Kind == IncidentEventKinds.Firing).At;
            var resolved = incident.ResolvedAt!.Value;
            Assert.Equal(firstFailedRun.ToUnixTimeMilliseconds(), firstFailure.ToUnixTimeMilliseconds());
            Assert.True(firstFailure > lastUp && resolved >= restartedAt, $"last up {lastUp:O}, kill {killedAt:O}, first failure {firstFailure:O}, restart {restartedAt:O}, resolved {resolved:O}");
            Assert.True(results.Any(r => r.Success && r.At > restartedAt && r.At <= resolved), "a successful run after the restart, before the resolution");

            Assert.Contains($"| Time to detect | {IncidentDurations.Format(firing - firstFailure)} | the alert fired |", md);
            Assert.Contains($"| Time to resolve | {IncidentDurations.Format(resolved - firstFailure)} | the alert resolved |", md);
            Assert.Contains($"| Started | {firstFailure.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC (first failed check) |", md);
            var timeline = md[md.IndexOf("## Timeline", StringComparison.Ordinal)..md.IndexOf("## Detection", StringComparison.Ordinal)];
            var order = new[] { "| first failure |", "| alert fired |", "| notification delivered |", "| resolved |" }
                .Select(label => timeline.IndexOf(label, StringComparison.Ordinal)).ToList();
            Assert.All(order, p => Assert.True(p > 0, timeline));
            Assert.Equal(order.Order(), order);
            // one format in a draft (HH:mm:ss.fff, or with the date when the outage spans midnight): text order is time order
            var times = timeline.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal) && char.IsDigit(l[2]))
                .Select(l => l.Split('|')[1].Trim()).ToList();
            Assert.Equal(incident.Events.Count, times.Count);
            Assert.Equal(times.Order(StringComparer.Ordinal), times);
        }
        finally
        {
            etcd.Dispose();
            restarted?.Dispose();
        }
    }
}
