using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Doomsday.Cli.Tests.Support;

namespace Doomsday.Cli.Tests.Commands.Watch;

/// <summary>The store file deleted under the running daemon (a cleanup job, <c>rm doomsday.db*</c>).</summary>
public sealed class WatchStoreLostTests
{
    /// <summary>
    /// A probe is down and notified; the store file and its -wal and -shm are deleted. The daemon notices (healthz
    /// 503, DoomsdayDegraded), puts its copy back, and after a restart the still-down probe is not notified again
    /// under a new idempotency key; when the target comes up, the resolved notification closes the same incident.
    /// </summary>
    [Fact]
    public async Task Watch_StoreFileDeleted_RebuiltAndAlertedAndAfterRestartSameKeyAndIncidentResolves()
    {
        using var dir = new TempDir();
        await using var receiver = await WebhookReceiver.StartAsync();
        var listen = TcpPorts.Free();
        // the probe's target: held closed (down, and nobody else's server) until the test listens there itself
        using var closed = TcpPorts.Closed();
        var target = closed.Port;
        var db = dir.Combine("doomsday.db");
        var config = dir.File("doomsday.yaml", WatchProcess.Config(listen, db, receiver.Url, WatchProcess.TcpProbe("ssh", target)));
        using var http = new HttpClient();

        WebhookReceiver.Received firing;
        using (var first = WatchProcess.Start(config, listen))
        {
            firing = await receiver.WaitForAsync(r => WebhookReceiver.Is(r, "ProbeDown", "firing"), WatchProcess.Deadline, "ProbeDown firing\n" + first.Stderr);
            foreach (var f in Directory.GetFiles(dir.Path, "doomsday.db*")) File.Delete(f);

            await Eventually.UntilAsync<string>(async () =>
            {
                using var health = await http.GetAsync($"http://127.0.0.1:{listen}/healthz");
                var body = await health.Content.ReadAsStringAsync();
                return health.StatusCode == HttpStatusCode.ServiceUnavailable && body.Contains("store: the store file was deleted or replaced", StringComparison.Ordinal) ? body : null;
            }, WatchProcess.Deadline, () => "healthz reports the lost store\n" + first.Stderr);
            var alarm = await receiver.WaitForAsync(r => WebhookReceiver.Is(r, "DoomsdayDegraded", "firing"), WatchProcess.Deadline, "DoomsdayDegraded\n" + first.Stderr);
            Assert.Equal("store", (string?)alarm.Body["alerts"]![0]!["labels"]!["component"]);
            Assert.True(File.Exists(db));
            WatchProcess.Signal(first.Pid, "TERM");
            Assert.Equal(0, await WatchProcess.ExitCodeAsync(first));
        }

        using var second = WatchProcess.Start(config, listen);
        closed.Dispose();
        using var up = new TcpListener(IPAddress.Loopback, target);
        up.Start();
        await receiver.WaitForAsync(r => WebhookReceiver.Is(r, "ProbeDown", "resolved"), WatchProcess.Deadline, "ProbeDown resolved after the restart\n" + second.Stderr);

        var firings = receiver.Answered.Where(r => WebhookReceiver.Is(r, "ProbeDown", "firing")).ToList();
        Assert.Equal([firing.IdempotencyKey], firings.Select(r => r.IdempotencyKey).Distinct());
        var incidents = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{listen}/api/v1/incidents"))!.AsArray()
            .Where(i => (string?)i!["alertName"] == "ProbeDown").ToList();
        var incident = Assert.Single(incidents);
        Assert.NotNull((string?)incident!["resolvedAt"]);
        Assert.Equal("first_failure", (string?)incident["events"]![0]!["kind"]);
    }
}
