using System.Security.Cryptography.X509Certificates;
using Doomsday.Core.Sources.Endpoints;
using Doomsday.Daemon.AlertRounds;
using Doomsday.Daemon.Logging;
using Doomsday.Daemon.Telemetry;
using Doomsday.Daemon.Workers;
using Doomsday.Watch.Alerting;

namespace Doomsday.Daemon.Tests.AlertRounds;

/// <summary>
/// Conditions built from real scans of files the test writes and rewrites, fed to a real engine: what
/// a read error and a renewal do to a firing certificate alert.
/// </summary>
public sealed class AlertConditionsTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDir _dir = new();
    private readonly FixedTimeProvider _time = new(Now);
    private readonly X509Certificate2 _ca = TestPki.CreateCa("test-ca", Now.AddDays(-100), Now.AddDays(3650));
    private readonly AlertEngine _engine;
    private readonly InventoryWorker _inventory;

    public AlertConditionsTests()
    {
        _engine = new AlertEngine(new AlertingOptions { DefaultNotifiers = ["hook"] }, _time);
        _inventory = new InventoryWorker(() => new InventorySettings { Sources = new() { Paths = [_dir.Path] } }, ITlsHandshaker.Default, new DaemonMetrics(), EventLog.Null, _time);
    }

    private string Leaf(string name, int daysLeft)
    {
        using var leaf = TestPki.CreateServer(name, [name + ".example"], Now.AddDays(-30), Now.AddDays(daysLeft), _ca);
        return leaf.ExportCertificatePem() + "\n";
    }

    private async Task<AlertDecisions> ScanAndEvaluateAsync()
    {
        await _inventory.RoundAsync(CancellationToken.None);
        return _engine.Evaluate(AlertConditions.Build([], _inventory.Latest, Now, _engine.States.Select(s => s.Source)));
    }

    private AlertState StateOf(string file) =>
        Assert.Single(_engine.States, s => s.Name == DaemonAlertNames.CertificateExpiry && s.Labels["source"].EndsWith(file, StringComparison.Ordinal));

    private AlertState? UnreadableOf(string file) =>
        _engine.States.SingleOrDefault(s => s.Name == DaemonAlertNames.SourceUnreadable && s.Labels["source"].EndsWith(file, StringComparison.Ordinal) && s.Status != AlertStatus.Resolved);

    [Fact]
    public async Task Build_FileTurnsToBadPem_CertificateAlertKeepsFiring()
    {
        var path = _dir.File("certs/soon.crt", Leaf("soon", 5));
        var first = await ScanAndEvaluateAsync();
        Assert.Contains(first.Notifications, n => n.Notification.Status == "firing" && n.Notification.AlertName == DaemonAlertNames.CertificateExpiry);

        File.WriteAllText(path, "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
        var broken = await ScanAndEvaluateAsync();

        Assert.NotEmpty(_inventory.Latest!.Errors);
        Assert.DoesNotContain(broken.Notifications, n => n.Notification.Status == "resolved");
        Assert.Equal(AlertStatus.Firing, StateOf("soon.crt").Status);
    }

    [Fact]
    public async Task Build_ConfiguredFolderGone_AlertsUnderItKeepFiring()
    {
        _dir.File("certs/soon.crt", Leaf("soon", 5));
        await ScanAndEvaluateAsync();
        Assert.Equal(AlertStatus.Firing, StateOf("soon.crt").Status);

        // The configured folder itself is gone (a mount that vanished): one error at its path covers every file under it.
        Directory.Delete(_dir.Combine("certs"), recursive: true);
        var settings = new InventorySettings { Sources = new() { Paths = [_dir.Combine("certs")] } };
        var gone = new InventoryWorker(() => settings, ITlsHandshaker.Default, new DaemonMetrics(), EventLog.Null, _time);
        await gone.RoundAsync(CancellationToken.None);
        Assert.NotEmpty(gone.Latest!.Errors);
        var decisions = _engine.Evaluate(AlertConditions.Build([], gone.Latest, Now, _engine.States.Select(s => s.Source)));

        Assert.DoesNotContain(decisions.Notifications, n => n.Notification.Status == "resolved");
        Assert.Equal(AlertStatus.Firing, StateOf("soon.crt").Status);
    }

    [Fact]
    public async Task Build_OneFileRenewedAnotherBroken_RenewedResolvesBrokenKeepsFiring()
    {
        var renewed = _dir.File("certs/renewed.crt", Leaf("renewed", 5));
        var broken = _dir.File("certs/broken.crt", Leaf("broken", 6));
        await ScanAndEvaluateAsync();
        var renewedFingerprint = StateOf("renewed.crt").Fingerprint;
        Assert.Equal(AlertStatus.Firing, StateOf("broken.crt").Status);

        File.WriteAllText(renewed, Leaf("renewed", 365));
        File.WriteAllText(broken, "garbage, not a certificate\n");
        var decisions = await ScanAndEvaluateAsync();

        var resolved = Assert.Single(decisions.Notifications, n => n.Notification.Status == "resolved");
        Assert.Equal(renewedFingerprint, resolved.Notification.Fingerprint);
        Assert.Equal(AlertStatus.Resolved, StateOf("renewed.crt").Status);
        Assert.Equal(AlertStatus.Firing, StateOf("broken.crt").Status);
    }

    [Fact]
    public async Task Build_BrokenFileRepairedWithRenewal_ResolvedThen()
    {
        var path = _dir.File("soon.crt", Leaf("soon", 5));
        await ScanAndEvaluateAsync();
        File.WriteAllText(path, "garbage\n");
        await ScanAndEvaluateAsync();

        Assert.Equal("no_certificate_found", UnreadableOf("soon.crt")?.Labels["reason"]);

        File.WriteAllText(path, Leaf("soon", 365));
        var decisions = await ScanAndEvaluateAsync();

        Assert.Single(decisions.Notifications, n => n.Notification is { Status: "resolved", AlertName: DaemonAlertNames.CertificateExpiry });
        Assert.Equal(AlertStatus.Resolved, StateOf("soon.crt").Status);
        Assert.Single(decisions.Notifications, n => n.Notification is { Status: "resolved", AlertName: DaemonAlertNames.SourceUnreadable });
        Assert.Null(UnreadableOf("soon.crt"));
    }

    [Fact]
    public async Task Build_ConfiguredFileGoneThenHalfWrittenThenBack_SourceUnreadableByReasonThenResolved()
    {
        var path = _dir.File("soon.crt", Leaf("soon", 200));
        var settings = new InventorySettings { Sources = new() { Paths = [path] } };
        var inventory = new InventoryWorker(() => settings, ITlsHandshaker.Default, new DaemonMetrics(), EventLog.Null, _time);
        async Task<AlertDecisions> RoundAsync()
        {
            await inventory.RoundAsync(CancellationToken.None);
            return _engine.Evaluate(AlertConditions.Build([], inventory.Latest, Now, _engine.States.Select(s => s.Source)));
        }
        Assert.Empty((await RoundAsync()).Notifications);

        File.Move(path, path + ".moved");
        var gone = await RoundAsync();
        var firing = Assert.Single(gone.Notifications).Notification;
        Assert.Equal((DaemonAlertNames.SourceUnreadable, "firing", "warning"), (firing.AlertName, firing.Status, firing.Severity));
        Assert.Equal(path, firing.Labels["source"]);
        Assert.Equal("not_found", firing.Labels["reason"]);
        Assert.Equal($"cannot read {path} (not_found): its certificates are not watched", firing.Summary);

        // Back, but half written (a rotation caught mid-copy): another reason, so another alert; the not_found one resolves.
        File.WriteAllText(path, "-----BEGIN CERTIFICATE-----\nMIIB\n");
        var half = await RoundAsync();
        Assert.Contains(half.Notifications, n => n.Notification is { Status: "resolved" } r && r.Labels["reason"] == "not_found");
        Assert.Contains(half.Notifications, n => n.Notification is { Status: "firing" } f && f.Labels["reason"] != "not_found" && f.Labels["source"] == path);

        File.Delete(path);
        File.Move(path + ".moved", path);
        var back = await RoundAsync();
        Assert.All(back.Notifications, n => Assert.Equal(("resolved", DaemonAlertNames.SourceUnreadable), (n.Notification.Status, n.Notification.AlertName)));
        Assert.Single(back.Notifications);
        Assert.DoesNotContain(_engine.States, s => s.Name == DaemonAlertNames.SourceUnreadable && s.Status != AlertStatus.Resolved);
    }

    [Theory]
    [InlineData("certificates:file:/etc/pki", "certificates:file:/etc/pki/a.crt", true)]
    [InlineData("certificates:file:/etc/pki", "certificates:file:/etc/pki", true)]
    [InlineData("certificates:file:/etc/pki", "certificates:file:/etc/pki2/a.crt", false)]
    [InlineData("certificates:file:/home/u/.kube/config", "certificates:file:/home/u/.kube/config|user:admin", true)]
    [InlineData("certificates:file:/home/u/.kube/config|user:admin", "certificates:file:/home/u/.kube/config|user:other", false)]
    [InlineData("certificates:k8s:prod/Secret/default", "certificates:k8s:prod/Secret/default/tls", true)]
    [InlineData("certificates:k8s:prod/Secret/default", "certificates:k8s:prod/Secret/default-2/tls", false)]
    [InlineData("certificates:k8s:", "certificates:k8s:prod/Secret/default/tls", true)]
    [InlineData("certificates:", "certificates:tls:127.0.0.1:443|", true)]
    public void Covers_ErrorKeyAndSource_UnderItOrNot(string errorKey, string source, bool covered) =>
        Assert.Equal(covered, CertificateLocations.Covers(errorKey, source));

    public void Dispose()
    {
        _ca.Dispose();
        _dir.Dispose();
    }

    [Theory]
    [InlineData("http", "https://shop.example.com/healthz")]
    [InlineData("tcp", "10.0.0.5:22")]
    [InlineData("tls", "ingress.example.com:443")]
    [InlineData("dns", "10.96.0.10:53")]
    public void Build_ProbeDown_InstanceIsTheTargetAsBlackboxRelabellingGivesIt(string kind, string target)
    {
        Watch.Probes.ProbeOptions probe = kind switch
        {
            "http" => new Watch.Probes.Http.HttpProbeOptions { Name = "p", Url = target },
            "tcp" => new Watch.Probes.Tcp.TcpProbeOptions { Name = "p", Address = target },
            "tls" => new Watch.Probes.Tls.TlsProbeOptions { Name = "p", Address = target },
            _ => new Watch.Probes.Dns.DnsProbeOptions { Name = "p", Server = target, Query = "kubernetes.default" },
        };
        var down = new Watch.Probes.ProbeStatus(probe, Watch.Probes.ProbeState.Down, Now, new Watch.Probes.ProbeResult(false, TimeSpan.Zero, "connect_refused", ""), Now, 2, 0);
        var own = down with { Probe = probe with { Labels = new Dictionary<string, string> { ["instance"] = "shop" } } };

        var condition = Assert.Single(AlertConditions.Build([down], null, Now, []).Conditions);
        var withOwn = Assert.Single(AlertConditions.Build([own], null, Now, []).Conditions);

        Assert.Equal(target, condition.Labels["instance"]);
        Assert.Equal("shop", withOwn.Labels["instance"]);
    }
}
