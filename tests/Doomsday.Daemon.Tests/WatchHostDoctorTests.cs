using System.Net.Http.Json;
using Doomsday.Core.Doctor;
using Doomsday.Daemon.AlertRounds;
using Doomsday.Daemon.Configuration;
using Doomsday.Daemon.Http;
using Doomsday.Daemon.Http.V1;
using Doomsday.Daemon.Tests.Support;
using Doomsday.Daemon.Workers;
using Doomsday.Watch.Notifiers.Webhook;

namespace Doomsday.Daemon.Tests;

/// <summary>
/// The host watching a generated kubeadm tree: doctor's findings over the inventory it collects become
/// alerts delivered to a real webhook receiver, and resolve once the node is repaired.
/// </summary>
public sealed class WatchHostDoctorTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly TempDir _dir = new();
    private readonly HttpClient _http = new();
    private readonly DoctorTree _tree = new();

    [Fact]
    public async Task Alerts_KubeadmKeyFromAnotherCluster_DoctorFindingNotifiedThenResolvedWhenRepaired()
    {
        var key = _tree.Pki("front-proxy-client.key");
        var original = File.ReadAllBytes(key);
        _tree.TakeFromOther("pki/front-proxy-client.key");
        await using var receiver = await WebhookReceiver.StartAsync();
        var settings = new DaemonSettings
        {
            Server = new ServerSettings { Listen = "127.0.0.1:0" },
            Certificates = new InventorySettings { Sources = new() { Kubeadm = _tree.Root, Interval = TimeSpan.FromMinutes(10) } },
            Notifiers = [new WebhookNotifierOptions { Name = "hook", Url = receiver.Url.ToString() }],
            StorePath = _dir.Combine("doomsday.db"),
        };
        var log = new StringLog();
        await using var host = new WatchHost(new WatchHostOptions
        {
            ConfigPath = _dir.Combine("doomsday.yaml"), Loader = new SettingsLoader(settings), WatchConfigFile = false, Log = log.Log,
        });
        var started = await host.StartAsync(CancellationToken.None);
        Assert.True(started.Started, string.Join("\n", started.Errors));

        static bool IsKeyMismatch(WebhookReceiver.Received r, string status) =>
            (string?)r.Body["status"] == status && (string?)r.Body["alerts"]![0]!["labels"]!["finding"] == FindingIds.KeyMismatch;
        var firing = await receiver.WaitForAsync(r => IsKeyMismatch(r, "firing"), Deadline, "key-mismatch alert delivered");

        var alert = firing.Body["alerts"]![0]!;
        Assert.Equal(DaemonAlertNames.DoctorFinding, (string?)alert["labels"]!["alertname"]);
        Assert.Equal("front-proxy-client", (string?)alert["labels"]!["subject"]);
        Assert.Equal("critical", (string?)alert["labels"]!["severity"]);
        Assert.False(string.IsNullOrEmpty((string?)alert["annotations"]!["summary"]));
        Assert.Contains("kubeadm", (string?)alert["annotations"]!["runbook"]);
        // The API's findings are the run the alert came from.
        var findings = await _http.GetFromJsonAsync<V1Findings>(new Uri(host.BaseUrl, "/api/v1/findings"));
        Assert.Contains(findings!.Findings, f => f.Id == FindingIds.KeyMismatch && f.Subject == "front-proxy-client");

        File.WriteAllBytes(key, original);
        host.RequestReload("test: rescan"); // a reload wakes every worker: the inventory scans again now
        await receiver.WaitForAsync(r => IsKeyMismatch(r, "resolved"), Deadline, "key-mismatch alert resolved\n" + log);
        Assert.Single(receiver.Answered, r => IsKeyMismatch(r, "firing"));
    }

    public void Dispose()
    {
        _http.Dispose();
        _tree.Dispose();
        _dir.Dispose();
    }
}
