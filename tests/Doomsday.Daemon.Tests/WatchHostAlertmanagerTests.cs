using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Doomsday.Daemon.Configuration;
using Doomsday.Daemon.Http;
using Doomsday.Daemon.Tests.Support;
using Doomsday.Watch.Alerting;
using Doomsday.Watch.Notifiers.Alertmanager;
using Doomsday.Watch.Probes.Tcp;
using Doomsday.Watch.Store;

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
        // the probe's target: held closed (down, and nobody else's server) until the test listens there itself
        using var closed = TcpPorts.Closed();
        var port = closed.Port;
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

        // The target is back, and stays up until the end: with a 200 ms interval and failureThreshold 1, closing
        // it earlier lets the probe fire a second alert before the assertions below read the first one's resolution.
        closed.Dispose();
        using var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        await hookA.WaitForAsync(r => HasWebhook(r, "resolved"), Deadline);
        await hookB.WaitForAsync(r => HasWebhook(r, "resolved"), Deadline);

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

    [Fact]
    public async Task AmtoolSilence_MutesTheWebhookNotifierTooAndFailsOpenWhenAlertmanagerIsDown()
    {
        using var amHook = new HttpReceiver();
        using var hook = new HttpReceiver();
        using var am = AlertmanagerServer.Start(amHook.Url + "/am");   // disposed twice (stopped mid-test): harmless
        await am.AmtoolAsync("silence", "add", "alertname=ProbeDown", "probe=~\"db|cache\"", "--author=alice", "--comment=db maintenance", "--duration=1h");
        var targets = new[] { "db", "web", "cache" }.ToDictionary(n => n, _ => new TcpListener(IPAddress.Loopback, 0));
        foreach (var l in targets.Values) l.Start();
        TcpPorts.ClosedPort Down(string name)
        {
            var port = ((IPEndPoint)targets[name].LocalEndpoint).Port;
            targets[name].Stop();
            return TcpPorts.Closed(port);
        }
        var log = new StringLog();
        var settings = new DaemonSettings
        {
            Server = new ServerSettings { Listen = "127.0.0.1:0" },
            Probes = targets.Select(t => (Watch.Probes.ProbeOptions)new TcpProbeOptions
            {
                Name = t.Key, Address = t.Value.LocalEndpoint.ToString()!, Interval = TimeSpan.FromMilliseconds(200), Timeout = TimeSpan.FromSeconds(1), FailureThreshold = 1,
            }).ToList(),
            Notifiers =
            [
                new AlertmanagerNotifierOptions { Name = "am", Urls = [am.Url], SilencesRefresh = TimeSpan.FromMilliseconds(300), Timeout = TimeSpan.FromSeconds(2) },
                new Watch.Notifiers.Webhook.WebhookNotifierOptions { Name = "hook", Url = hook.Url + "/hook" },
            ],
            StorePath = _dir.Combine("doomsday.db"),
        };
        await using var host = new WatchHost(new WatchHostOptions { ConfigPath = _dir.Combine("doomsday.yaml"), Loader = new SettingsLoader(settings), WatchConfigFile = false, Log = log.Log });
        Assert.True((await host.StartAsync(CancellationToken.None)).Started);
        async Task<string> Metrics() => await _http.GetStringAsync(new Uri(host.BaseUrl, "/metrics"));
        await Eventually.UntilAsync(async () => (await Metrics()).Contains("doomsday_alertmanager_silences_active{notifier=\"am\"} 1\n", StringComparison.Ordinal),
            Deadline, "the Alertmanager silence read by the daemon");

        // a target goes down: its listener stops and its port is held closed, so no other test's server takes it
        using var dbDown = Down("db");
        using var webDown = Down("web");
        await hook.WaitForAsync(r => Probes(r).Contains("web"), Deadline);
        await Eventually.UntilAsync(async () => ProbeDownOf((await am.AlertsAsync(_http)).Where(a => Label(a, "probe") == "db").ToList()) is not null, Deadline, "db in Alertmanager");
        var dbInAlertmanager = ProbeDownOf((await am.AlertsAsync(_http)).Where(a => Label(a, "probe") == "db").ToList())!.Value;
        var dbFingerprint = host.Engine.States.Single(s => s.Labels.GetValueOrDefault("probe") == "db").Fingerprint;
        await Eventually.UntilAsync(() => host.Store.Outbox.PendingCount() == 0, Deadline, "outbox drained");
        var heldEvents = host.Store.Incidents.ForFingerprint(dbFingerprint).Single().Events.Where(e => e.Kind == AlertEventKinds.Suppressed).ToList();
        var beforeOutage = Probes(hook.Requests);

        am.Dispose();   // Alertmanager down: its silence can no longer be known, so it no longer holds anything back
        await Eventually.UntilAsync(async () => (await Metrics()).Contains("doomsday_alertmanager_silences_up{notifier=\"am\"} 0\n", StringComparison.Ordinal),
            Deadline, "the failed read seen");
        using var cacheDown = Down("cache");
        // fail-open: the new alert the silence matched is sent, and so is the one it held back (a catch-up)
        await hook.WaitForAsync(r => Probes(r).Contains("cache") && Probes(r).Contains("db"), Deadline);

        Assert.DoesNotContain("db", beforeOutage);
        Assert.Equal("suppressed", dbInAlertmanager.GetProperty("status").GetProperty("state").GetString());
        var held = Assert.Single(heldEvents);
        Assert.StartsWith("alertmanager am silence ", held.Detail);
        Assert.EndsWith("by alice: db maintenance (for hook)", held.Detail);
        Assert.Single(Probes(hook.Requests), p => p == "db");
        Assert.Contains("cannot read the active silences (127.0.0.1:", log.ToString());
        Assert.Contains("doomsday_alertmanager_silence_reads_total{notifier=\"am\",result=\"failure\"}", await Metrics());
    }

    private static string? Label(JsonElement alert, string name) =>
        alert.GetProperty("labels").TryGetProperty(name, out var v) ? v.GetString() : null;

    /// <summary>The probes of the firing ProbeDown alerts a webhook received.</summary>
    private static List<string> Probes(IReadOnlyList<HttpReceiver.Received> requests) => requests
        .Select(r => JsonDocument.Parse(r.Body).RootElement)
        .Where(b => b.GetProperty("status").GetString() == "firing")
        .SelectMany(b => b.GetProperty("alerts").EnumerateArray())
        .Select(a => Label(a, "probe") ?? "").ToList();
}
