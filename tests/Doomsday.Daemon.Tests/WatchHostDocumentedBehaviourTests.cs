using System.Globalization;
using System.Net.Http.Json;
using Doomsday.Daemon.Configuration;
using Doomsday.Daemon.Http.V1;
using Doomsday.Daemon.Tests.Support;

namespace Doomsday.Daemon.Tests;

/// <summary>
/// Behaviour the docs state, checked on the daemon as a user runs it (a YAML config read by the real loader):
/// the default route (docs/configuration.md "routes", docs/alerting.md "Routing") and where an
/// acknowledgement is kept (docs/store.md "Acknowledgements").
/// </summary>
public sealed class WatchHostDocumentedBehaviourTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly TempDir _dir = new();

    private async Task<WatchHost> StartAsync(string config)
    {
        var host = new WatchHost(new WatchHostOptions { ConfigPath = config, Loader = new WatchConfigFileLoader(_ => null), WatchConfigFile = false });
        var started = await host.StartAsync(CancellationToken.None);
        Assert.True(started.Started, string.Join("\n", started.Errors));
        return host;
    }

    private string ExpiringCertificate()
    {
        var now = DateTimeOffset.UtcNow;
        using var ca = TestPki.CreateCa("test-ca", now.AddDays(-1), now.AddDays(3650));
        using var leaf = TestPki.CreateServer("soon", ["soon.example"], now.AddDays(-1), now.AddDays(5), ca);
        return _dir.File("certs/soon.crt", leaf.ExportCertificatePem() + "\n");
    }

    [Fact]
    public async Task Watch_NotifierButNoRoutes_AlertDeliveredThroughTheDefaultRoute()
    {
        ExpiringCertificate();
        await using var receiver = await WebhookReceiver.StartAsync();
        var config = _dir.File("doomsday.yaml", string.Create(CultureInfo.InvariantCulture, $"""
            certificates:
              paths: [certs]
            notifiers:
              - name: hook
                kind: webhook
                url: {receiver.Url}
            server:
              listen: 127.0.0.1:{TcpPorts.Free()}
            """));
        await using var host = await StartAsync(config);

        var delivered = await receiver.WaitForAsync(r => (string?)r.Body["status"] == "firing", Deadline, "certificate alert through the default route");

        Assert.Equal("CertificateExpiry", (string?)delivered.Body["alerts"]![0]!["labels"]!["alertname"]);
    }

    [Fact]
    public async Task Ack_DaemonRestarted_KeptInTheAlertStateNotInSilences()
    {
        using var closed = TcpPorts.Closed(); // nobody listens there until the test ends: the probe stays down across the restart
        var config = _dir.File("doomsday.yaml", string.Create(CultureInfo.InvariantCulture, $"""
            probes:
              - name: ssh
                kind: tcp
                address: 127.0.0.1:{closed.Port}
                interval: 200ms
                failureThreshold: 1
            server:
              listen: 127.0.0.1:{TcpPorts.Free()}
            store:
              path: doomsday.db
            """));
        using var http = new HttpClient();
        string fingerprint;
        await using (var host = await StartAsync(config))
        {
            var alert = await Eventually.UntilAsync(async () =>
                (await http.GetFromJsonAsync<List<V1Alert>>(new Uri(host.BaseUrl, "/api/v1/alerts")))!.FirstOrDefault(a => a.Status == "firing"), Deadline, "ProbeDown firing");
            fingerprint = alert.Fingerprint;
            var ack = await http.PostAsJsonAsync(new Uri(host.BaseUrl, $"/api/v1/alerts/{fingerprint}/ack"), new V1AckRequest { By = "alice", Comment = "on it", Duration = "4h" });
            ack.EnsureSuccessStatusCode();
            Assert.Contains("\"ack\":{\"by\":\"alice\",\"comment\":\"on it\"", host.Store.AlertStates.All()[fingerprint]);
            Assert.Empty(host.Store.Silences.NotEndedAt(DateTimeOffset.UtcNow));
        }

        await using var restarted = await StartAsync(config);
        var kept = (await http.GetFromJsonAsync<List<V1Alert>>(new Uri(restarted.BaseUrl, "/api/v1/alerts")))!.Single(a => a.Fingerprint == fingerprint);

        Assert.Equal(("alice", "on it"), (kept.Acknowledgement?.By, kept.Acknowledgement?.Comment));
        Assert.NotNull(kept.Acknowledgement!.ExpiresAt);
    }

    public void Dispose() => _dir.Dispose();
}
