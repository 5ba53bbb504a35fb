using System.Net;
using Doomsday.Daemon.Configuration;
using Doomsday.Daemon.Http;
using Doomsday.Daemon.Tests.Support;
using Doomsday.Watch.Alerting;
using Doomsday.Watch.Notifiers.Webhook;
using Doomsday.Watch.Probes.Tcp;

namespace Doomsday.Daemon.Tests;

/// <summary>
/// The watchdog never goes blind silently: what cannot be evaluated or written turns <c>/healthz</c> to 503 with
/// the reason and raises <c>DoomsdayDegraded</c> through whatever still works, while the rest goes on.
/// </summary>
public sealed class WatchHostDegradedTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly TempDir _dir = new();
    private readonly HttpClient _http = new();
    private readonly TcpPorts.ClosedPort _closed = TcpPorts.Closed();

    private DaemonSettings Settings(Uri hook, params RouteOptions[] routes) => new()
    {
        Server = new ServerSettings { Listen = "127.0.0.1:0" },
        StorePath = _dir.Combine("doomsday.db"),
        // nobody listens on this port (held closed for the whole test): the probe is down at its first run
        Probes = [new TcpProbeOptions { Name = "ssh", Address = $"127.0.0.1:{_closed.Port}", Interval = TimeSpan.FromMilliseconds(200), FailureThreshold = 1 }],
        Notifiers = [new WebhookNotifierOptions { Name = "hook", Url = hook.ToString() }],
        Routes = routes,
        DegradedAfter = TimeSpan.Zero,
    };

    private async Task<WatchHost> StartAsync(DaemonSettings settings, StringLog log)
    {
        var host = new WatchHost(new WatchHostOptions { ConfigPath = _dir.Combine("doomsday.yaml"), Loader = new SettingsLoader(settings), WatchConfigFile = false, Log = log.Log });
        var started = await host.StartAsync(CancellationToken.None);
        Assert.True(started.Started, string.Join("\n", started.Errors));
        return host;
    }

    [Fact]
    public async Task AlertRound_RouteRegexBroken_OtherAlertsDeliveredHealthz503AndDoomsdayDegradedNotified()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var log = new StringLog();
        var broken = new RouteOptions { Notifiers = ["hook"], Labels = new Dictionary<string, string> { ["probe"] = "~(unclosed" } };
        await using var host = await StartAsync(Settings(receiver.Url, broken), log);

        await receiver.WaitForAsync(r => WebhookReceiver.Is(r, "ProbeDown", "firing"), Deadline, "ProbeDown delivered past the broken route\n" + log);
        var degraded = await receiver.WaitForAsync(r => WebhookReceiver.Is(r, "DoomsdayDegraded", "firing"), Deadline, "DoomsdayDegraded delivered\n" + log);

        Assert.Equal("alerts", (string?)degraded.Body["alerts"]![0]!["labels"]!["component"]);
        using var health = await _http.GetAsync(new Uri(host.BaseUrl, "/healthz"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Contains("alerts: routes[0]: RegexParseException", await health.Content.ReadAsStringAsync());
        // logged once, not once per round
        Assert.Single(log.ToString().Split('\n'), l => l.Contains("error alert.evaluation-failed alerts: routes[0]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DirectAlarm_StoreRefusesAlertWrites_DoomsdayDegradedSentDirectlyThenResolved()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var log = new StringLog();
        var settings = Settings(receiver.Url);
        // the store exists before the daemon opens it, so its writes of alert states can be refused from the start
        DoomsdayStoreFile.Create(settings.StorePath);
        StoreRefusal.Refuse(settings.StorePath, "alert_states", "INSERT", "UPDATE");
        await using var host = await StartAsync(settings, log);

        var alarm = await receiver.WaitForAsync(r => WebhookReceiver.Is(r, "DoomsdayDegraded", "firing"), Deadline, "direct DoomsdayDegraded\n" + log);
        Assert.Equal("alerts", (string?)alarm.Body["alerts"]![0]!["labels"]!["component"]);
        Assert.Contains("refused by test", (string?)alarm.Body["alerts"]![0]!["annotations"]!["description"]);
        using (var health = await _http.GetAsync(new Uri(host.BaseUrl, "/healthz")))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            Assert.Contains("alerts: last round failed: SqliteException", await health.Content.ReadAsStringAsync());
        }
        Assert.DoesNotContain(receiver.Answered, r => WebhookReceiver.Is(r, "ProbeDown", "firing"));

        StoreRefusal.Allow(settings.StorePath, "alert_states", "INSERT", "UPDATE");

        // the decisions the store refused are written and delivered, and the alarm ends where it was sent
        await receiver.WaitForAsync(r => WebhookReceiver.Is(r, "ProbeDown", "firing"), Deadline, "ProbeDown after the store accepts writes\n" + log);
        var resolved = await receiver.WaitForAsync(r => WebhookReceiver.Is(r, "DoomsdayDegraded", "resolved"), Deadline, "direct DoomsdayDegraded resolved\n" + log);
        Assert.Equal((string?)alarm.Body["groupKey"], (string?)resolved.Body["groupKey"]);
        Assert.Equal("direct", (string?)resolved.Body["alerts"]![0]!["annotations"]!["delivery"]);
        // the engine did not raise it a second time once it could evaluate again
        Assert.Single(receiver.Answered, r => WebhookReceiver.Is(r, "DoomsdayDegraded", "firing"));
    }

    public void Dispose()
    {
        _closed.Dispose();
        _http.Dispose();
        _dir.Dispose();
    }
}

/// <summary>Creates a store file with the current schema, as the daemon would, and lets go of it.</summary>
internal static class DoomsdayStoreFile
{
    public static void Create(string path)
    {
        using var store = Watch.Store.DoomsdayStore.Open(path, TimeProvider.System);
    }
}
