using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Doomsday.Core.Notifiers.Alertmanager;
using Doomsday.Core.Probes.Tcp;
using Doomsday.Core.Store;
using Doomsday.Core.Tests.Support;
using Doomsday.Daemon.Configuration;
using Doomsday.Daemon.Http;
using Doomsday.Daemon.Tests.Support;

namespace Doomsday.Daemon.Tests;

/// <summary>
/// The daemon in-process against two real Alertmanager replicas (Debian's prometheus-alertmanager), each
/// routing to its own HTTP receiver. Alertmanager's <c>resolve_timeout</c> is 1 s, so an alert that only
/// lived on Alertmanager's default would be gone at once: what keeps it active is the daemon's
/// <c>endsAt</c> and re-sends.
/// </summary>
public sealed class WatchHostAlertmanagerTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ResendEvery = TimeSpan.FromMilliseconds(1500);
    private readonly TempDir _dir = new();
    private readonly HttpClient _http = new();

    public void Dispose()
    {
        _http.Dispose();
        _dir.Dispose();
    }

    private static bool HasWebhook(IReadOnlyList<HttpReceiver.Received> requests, string status) =>
        requests.Any(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("status").GetString() == status);

    private static JsonElement? ProbeDownOf(IReadOnlyList<JsonElement> alerts) =>
        alerts.Where(a => a.GetProperty("labels").GetProperty("alertname").GetString() == "ProbeDown").Cast<JsonElement?>().FirstOrDefault();

    [Fact]
    public async Task Alertmanager_TargetDownForTenResends_ActiveInEveryReplicaAtEachResendAndResolvedByTheRecovery()
    {
        using var hookA = new HttpReceiver();
        using var hookB = new HttpReceiver();
        using var amA = AlertmanagerServer.Start(hookA.Url + "/am", resolveTimeout: "1s");
        using var amB = AlertmanagerServer.Start(hookB.Url + "/am", resolveTimeout: "1s");
        var port = TcpPorts.Free();
        var api = $"127.0.0.1:{TcpPorts.Free()}";
        var settings = new DaemonSettings
        {
            Server = new ServerSettings { Listen = api },
            ExternalUrl = $"http://{api}",
            Labels = new Dictionary<string, string> { ["cluster"] = "prod-eu" },
            Probes = [new TcpProbeOptions { Name = "db", Address = $"127.0.0.1:{port}", Interval = TimeSpan.FromMilliseconds(200), Timeout = TimeSpan.FromSeconds(1), FailureThreshold = 1 }],
            Notifiers = [new AlertmanagerNotifierOptions { Name = "am", Urls = [amA.Url, amB.Url], ResendEvery = ResendEvery }],
            StorePath = _dir.Combine("doomsday.db"),
        };
        await using var host = new WatchHost(new WatchHostOptions { ConfigPath = _dir.Combine("doomsday.yaml"), Loader = new SettingsLoader(settings), WatchConfigFile = false });
        Assert.True((await host.StartAsync(CancellationToken.None)).Started);

        int SentResends(int replica) => host.Store.Outbox.All().Count(r => r.Notification.IsResend && r.Target == replica && r.State == OutboxStates.Sent);
        await Eventually.UntilAsync(async () => ProbeDownOf(await amA.AlertsAsync(_http)) is not null && ProbeDownOf(await amB.AlertsAsync(_http)) is not null,
            Deadline, "ProbeDown active in both replicas");
        var held = ProbeDownOf(await amA.AlertsAsync(_http))!.Value;
        var labels = held.GetProperty("labels");
        var generatorUrl = held.GetProperty("generatorURL").GetString()!;
        using var source = JsonDocument.Parse(await _http.GetStringAsync(generatorUrl));

        // Ten re-sends, ten times resendEvery: after each one both replicas still hold the alert as active.
        var samples = new List<(int Resends, string StateA, string StateB)>();
        for (var n = 1; n <= 10; n++)
        {
            await Eventually.UntilAsync(() => SentResends(0) >= n && SentResends(1) >= n, Deadline, () => $"re-send {n} (sent: {SentResends(0)}, {SentResends(1)})");
            var a = ProbeDownOf(await amA.AlertsAsync(_http));
            var b = ProbeDownOf(await amB.AlertsAsync(_http));
            samples.Add((n, a?.GetProperty("status").GetProperty("state").GetString() ?? "absent", b?.GetProperty("status").GetProperty("state").GetString() ?? "absent"));
        }
        var resolvedWhileDown = HasWebhook(hookA.Requests, "resolved") || HasWebhook(hookB.Requests, "resolved");

        using (var listener = new TcpListener(IPAddress.Loopback, port))
        {
            listener.Start();   // the target is back
            await hookA.WaitForAsync(r => HasWebhook(r, "resolved"), Deadline);
            await hookB.WaitForAsync(r => HasWebhook(r, "resolved"), Deadline);
        }

        Assert.Equal(("prod-eu", $"127.0.0.1:{port}", "db"), (labels.GetProperty("cluster").GetString(), labels.GetProperty("instance").GetString(), labels.GetProperty("probe").GetString()));
        Assert.StartsWith($"http://{api}/api/v1/alerts/", generatorUrl);
        Assert.Equal("ProbeDown", source.RootElement.GetProperty("name").GetString());
        Assert.All(samples, s => Assert.Equal((s.Resends, "active", "active"), s));
        Assert.False(resolvedWhileDown);
        Assert.Null(ProbeDownOf(await amA.AlertsAsync(_http)));
        Assert.Null(ProbeDownOf(await amB.AlertsAsync(_http)));
        // Resolved by the daemon's message (endsAt = the resolution), not by an endsAt running out.
        var resolvedAt = Assert.Single(host.Engine.States, s => s.Name == "ProbeDown").ResolvedAt!.Value;
        foreach (var hook in new[] { hookA, hookB })
        {
            var body = JsonDocument.Parse(hook.Requests.Last(r => HasWebhook([r], "resolved")).Body).RootElement;
            var endsAt = DateTimeOffset.Parse(body.GetProperty("alerts")[0].GetProperty("endsAt").GetString()!, CultureInfo.InvariantCulture);
            Assert.Equal(resolvedAt.ToUnixTimeMilliseconds(), endsAt.ToUnixTimeMilliseconds());
        }
        // Re-sends are not timeline lines: one sent event per replica for the firing and for the resolved message.
        var fingerprint = host.Engine.States.Single(s => s.Name == "ProbeDown").Fingerprint;
        IReadOnlyList<IncidentEvent> Events() => host.Store.Incidents.ForFingerprint(fingerprint).Single().Events;
        await Eventually.UntilAsync(() => host.Store.Outbox.PendingCount() == 0, Deadline, "outbox drained");
        Assert.Equal(4, Events().Count(e => e.Kind == IncidentEventKinds.NotificationSent));
        Assert.True(SentResends(0) >= 10);
        Assert.DoesNotContain(Events(), e => e.NotificationId?.Contains("-resend-", StringComparison.Ordinal) == true);
    }
}
