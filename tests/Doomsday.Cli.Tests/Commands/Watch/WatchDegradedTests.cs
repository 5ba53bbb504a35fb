using System.Net;
using Doomsday.Cli.Tests.Support;
using Doomsday.Watch.Alerting;
using Doomsday.Watch.Store;

namespace Doomsday.Cli.Tests.Commands.Watch;

/// <summary>
/// The real daemon on a bad day: one broken piece of alerting state must not silence every alert, and it must
/// say so (<c>/healthz</c> 503 with the reason, a <c>DoomsdayDegraded</c> notification).
/// </summary>
public sealed class WatchDegradedTests
{
    /// <summary>
    /// A silence whose regex does not compile sits in the store (written by hand, an older version, a restore):
    /// it is loaded at start and tested against every firing alert. The probe's alert must still be delivered,
    /// the daemon must report the broken silence on /healthz, and raise DoomsdayDegraded.
    /// </summary>
    [Fact]
    public async Task Watch_BrokenSilenceInStore_AlertsStillDeliveredHealthz503AndDegradedNotified()
    {
        using var dir = new TempDir();
        await using var receiver = await WebhookReceiver.StartAsync();
        var listen = TcpPorts.Free();
        var store = dir.Combine("doomsday.db");
        using (var s = DoomsdayStore.Open(store, TimeProvider.System))
        {
            var now = DateTimeOffset.UtcNow;
            var matchers = AlertStateJson.SerializeMatchers([new SilenceMatcher("probe", "(unclosed", IsRegex: true)]);
            s.Silences.Put(new StoredSilence("0badc0de", "silence", matchers, now.AddHours(-1), now.AddDays(1), "restore", "", now));
        }
        using var closed = TcpPorts.Closed(); // nobody listens there until the test ends: the probe is down
        var config = dir.File("doomsday.yaml", WatchProcess.Config(listen, store, receiver.Url, WatchProcess.TcpProbe("ssh", closed.Port)));

        using var daemon = WatchProcess.Start(config, listen);
        await receiver.WaitForAsync(r => WebhookReceiver.Is(r, "ProbeDown", "firing"), WatchProcess.Deadline, "ProbeDown delivered\n" + daemon.Stderr);
        var degraded = await receiver.WaitForAsync(r => WebhookReceiver.Is(r, "DoomsdayDegraded", "firing"), WatchProcess.Deadline, "DoomsdayDegraded delivered\n" + daemon.Stderr);

        Assert.Equal("alerts", (string?)degraded.Body["alerts"]![0]!["labels"]!["component"]);
        Assert.Contains("silence 0badc0de", (string?)degraded.Body["alerts"]![0]!["annotations"]!["summary"]);
        using var http = new HttpClient();
        using var health = await http.GetAsync($"http://127.0.0.1:{listen}/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Contains("alerts: silence 0badc0de: RegexParseException", await health.Content.ReadAsStringAsync());
        Assert.DoesNotContain("   at ", daemon.Stderr);
    }
}
