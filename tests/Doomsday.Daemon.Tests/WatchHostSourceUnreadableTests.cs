using Doomsday.Daemon.Configuration;
using Doomsday.Daemon.Http;
using Doomsday.Daemon.Tests.Support;
using Doomsday.Daemon.Workers;
using Doomsday.Watch.Notifiers.Webhook;

namespace Doomsday.Daemon.Tests;

/// <summary>
/// The daemon going blind on a certificate file and seeing again: the file disappears (as in a rotation that
/// went wrong; tests run as root, which reads a mode-000 file, so the file is moved away rather than chmod'ed),
/// a SourceUnreadable alert reaches a real webhook receiver, the file comes back, and the alert resolves there.
/// </summary>
public sealed class WatchHostSourceUnreadableTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly TempDir _dir = new();

    [Fact]
    public async Task Watch_CertificateFileGoneThenBack_SourceUnreadableFiresAndResolves()
    {
        var now = DateTimeOffset.UtcNow;
        using var ca = TestPki.CreateCa("test-ca", now.AddDays(-1), now.AddDays(3650));
        var path = _dir.File("pki/ca.crt", ca.ExportCertificatePem() + "\n");
        await using var receiver = await WebhookReceiver.StartAsync();
        var settings = new DaemonSettings
        {
            Server = new ServerSettings { Listen = "127.0.0.1:0" },
            Certificates = new InventorySettings { Sources = new() { Paths = [path], Interval = TimeSpan.FromMilliseconds(200) } },
            Notifiers = [new WebhookNotifierOptions { Name = "hook", Url = receiver.Url.ToString() }],
            StorePath = _dir.Combine("doomsday.db"),
        };
        await using var host = new WatchHost(new WatchHostOptions { ConfigPath = _dir.Combine("doomsday.yaml"), Loader = new SettingsLoader(settings), WatchConfigFile = false });
        Assert.True((await host.StartAsync(CancellationToken.None)).Started);
        using var api = new DaemonApi(host.BaseUrl);
        await Eventually.UntilAsync(async () => (await api.AlertsAsync()).Count == 0 && host.Inventory.Latest is { Certificates.Count: 1 }, Deadline, "a first clean inventory");

        File.Move(path, path + ".bak");
        var firing = await receiver.WaitForAsync(r => (string?)r.Body["status"] == "firing", Deadline, "SourceUnreadable firing");

        var alert = firing.Body["alerts"]![0]!;
        Assert.Equal("SourceUnreadable", (string?)alert["labels"]!["alertname"]);
        Assert.Equal(path, (string?)alert["labels"]!["source"]);
        Assert.Equal("not_found", (string?)alert["labels"]!["reason"]);
        Assert.Equal("warning", (string?)alert["labels"]!["severity"]);

        File.Move(path + ".bak", path);
        var resolved = await receiver.WaitForAsync(r => (string?)r.Body["status"] == "resolved", Deadline, "SourceUnreadable resolved");

        Assert.Equal((string?)alert["fingerprint"], (string?)resolved.Body["alerts"]![0]!["fingerprint"]);
        Assert.DoesNotContain(await api.AlertsAsync(), a => a.Status != "resolved");
    }

    public void Dispose() => _dir.Dispose();
}
