using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Doomsday.Core.Reporting;
using Doomsday.Daemon.Configuration;
using Doomsday.Daemon.Http;
using Doomsday.Daemon.Http.V1;
using Doomsday.Daemon.Telemetry;
using Doomsday.Daemon.Tests.Support;
using Doomsday.Daemon.Workers;

namespace Doomsday.Daemon.Tests;

/// <summary>The host in-process on a free loopback port, scanning certificates written by the test.</summary>
public sealed class WatchHostTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly TempDir _dir = new();
    private readonly HttpClient _http = new();

    private DaemonSettings Settings(string? token = null) => new()
    {
        Server = new ServerSettings { Listen = "127.0.0.1:0", Token = token },
        Certificates = new InventorySettings { Sources = new() { Paths = [_dir.Path], Interval = TimeSpan.FromMinutes(10) } },
        StorePath = _dir.Combine("doomsday.db"),
    };

    private void WriteCertificates()
    {
        var now = DateTimeOffset.UtcNow;
        using var ca = TestPki.CreateCa("test-ca", now.AddDays(-1), now.AddDays(365));
        using var leaf = TestPki.CreateServer("soon", ["soon.example"], now.AddDays(-1), now.AddDays(5), ca);
        _dir.File("certs/ca.crt", ca.ExportCertificatePem() + "\n");
        _dir.File("certs/soon.crt", leaf.ExportCertificatePem() + "\n");
    }

    private async Task<WatchHost> StartAsync(DaemonSettings settings)
    {
        var host = new WatchHost(new WatchHostOptions { ConfigPath = _dir.Combine("doomsday.yaml"), Loader = new SettingsLoader(settings), WatchConfigFile = false });
        var started = await host.StartAsync(CancellationToken.None);
        Assert.True(started.Started, string.Join("\n", started.Errors));
        return host;
    }

    private async Task<V1Inventory> FirstScanAsync(WatchHost host, string? token = null) =>
        await Eventually.UntilAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(host.BaseUrl, "/api/v1/inventory"));
            if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await _http.SendAsync(request);
            var inventory = await response.Content.ReadFromJsonAsync<V1Inventory>();
            return inventory?.ScannedAt is null ? null : inventory;
        }, Deadline, "first inventory");

    /// <summary>
    /// <c>/metrics</c> once its certificate section is there: the inventory API shows a snapshot as soon as it is
    /// taken, the section is rendered right after (a subscriber of the snapshot).
    /// </summary>
    private async Task<string> CertificateMetricsAsync(WatchHost host) =>
        await Eventually.UntilAsync(async () =>
        {
            var t = await _http.GetStringAsync(new Uri(host.BaseUrl, "/metrics"));
            return t.Contains(MetricNames.SourceUp + "{", StringComparison.Ordinal) ? t : null;
        }, Deadline, "the certificate section in /metrics");

    [Fact]
    public async Task StartAsync_NonLoopbackWithoutToken_RefusedWithReason()
    {
        await using var host = new WatchHost(new WatchHostOptions
        {
            ConfigPath = _dir.Combine("doomsday.yaml"),
            Loader = new SettingsLoader(Settings() with { Server = new ServerSettings { Listen = "0.0.0.0:0" } }),
            WatchConfigFile = false,
        });
        var started = await host.StartAsync(CancellationToken.None);
        Assert.False(started.Started);
        Assert.Contains("server.listen", Assert.Single(started.Errors));
        Assert.Contains("token", started.Errors[0]);
    }

    [Fact]
    public async Task StartAsync_InvalidConfig_ReturnsLoaderErrors()
    {
        var loader = new SettingsLoader(Settings()) { Next = DaemonConfigLoad.Invalid(["doomsday.yaml:3: probes[0].interval: not a duration"]) };
        await using var host = new WatchHost(new WatchHostOptions { ConfigPath = _dir.Combine("doomsday.yaml"), Loader = loader, WatchConfigFile = false });
        var started = await host.StartAsync(CancellationToken.None);
        Assert.Equal(["doomsday.yaml:3: probes[0].interval: not a duration"], started.Errors);
    }

    [Fact]
    public async Task Api_TokenConfigured_RequiredEverywhereButHealthz()
    {
        await using var host = await StartAsync(Settings(token: "t0ken-value"));
        using (var anonymous = await _http.GetAsync(new Uri(host.BaseUrl, "/api/v1/inventory")))
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using (var metrics = await _http.GetAsync(new Uri(host.BaseUrl, "/metrics")))
            Assert.Equal(HttpStatusCode.Unauthorized, metrics.StatusCode);
        using (var wrong = new HttpRequestMessage(HttpMethod.Get, new Uri(host.BaseUrl, "/metrics")))
        {
            wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "t0ken-valuf");
            using var response = await _http.SendAsync(wrong);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        using (var right = new HttpRequestMessage(HttpMethod.Get, new Uri(host.BaseUrl, "/metrics")))
        {
            right.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "t0ken-value");
            using var response = await _http.SendAsync(right);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        using var health = await _http.GetAsync(new Uri(host.BaseUrl, "/healthz"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Inventory_CertificatesOnDisk_ListedWorstFirst()
    {
        WriteCertificates();
        await using var host = await StartAsync(Settings());
        var inventory = await FirstScanAsync(host);
        Assert.Equal(2, inventory.Certificates.Count);
        Assert.Equal("emergency", inventory.Certificates[0].Severity);
        Assert.Contains("soon.crt", inventory.Certificates[0].Source);
        Assert.Equal("ok", inventory.Certificates[1].Severity);
    }

    [Fact]
    public async Task Metrics_AfterScan_CertificateSeriesAsScanAndPassesPromtool()
    {
        WriteCertificates();
        _dir.File("certs/broken.crt", "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
        await using var host = await StartAsync(Settings());
        await FirstScanAsync(host);
        var text = await CertificateMetricsAsync(host);

        var snapshot = host.Inventory.Latest!;
        var counters = new X509SourceCounters();
        counters.Apply(snapshot.Sources);
        var expected = PrometheusReportWriter.Render(new CertificateReport(snapshot.ToSink(), snapshot.Thresholds, snapshot.ScannedAt) { Sources = snapshot.Sources, Counters = counters });
        Assert.StartsWith(System.Text.Encoding.UTF8.GetString(expected), text);
        Assert.Contains($"{MetricNames.SourceUp}{{source_kind=\"file\",source_name=\"paths\"}} 1\n", text);
        Assert.Contains($"{MetricNames.SourceErrorsTotal}{{source_kind=\"file\",source_name=\"paths\",reason=\"bad_pem\"}} 1\n", text);
        Assert.Contains(DaemonMetricNames.LastScanTimestampSeconds + " ", text);
        Assert.Matches(DaemonMetricNames.SourceErrorsTotal + "\\{source=\"file\",reason=\"[a-z_]+\"\\} 1\n", text);
        Assert.Contains(DaemonMetricNames.WorkerUp + "{worker=\"inventory\"} 1\n", text);
        var (code, output) = Promtool.CheckMetrics(text);
        Assert.True(code == 0, output);
    }

    [Fact]
    public async Task Metrics_GlobalLabels_OnEverySeriesOfEverySection()
    {
        WriteCertificates();
        using var closed = TcpPorts.Closed(); // nobody listens there until the test ends
        var target = $"127.0.0.1:{closed.Port}";
        var settings = Settings() with
        {
            Labels = new Dictionary<string, string> { ["cluster"] = "prod", ["node"] = "cp-1" },
            Probes = [new Watch.Probes.Tcp.TcpProbeOptions { Name = "closed", Address = target, Interval = TimeSpan.FromSeconds(1) }],
        };
        await using var host = await StartAsync(settings);
        await FirstScanAsync(host);
        var text = await Eventually.UntilAsync(async () =>
        {
            var t = await _http.GetStringAsync(new Uri(host.BaseUrl, "/metrics"));
            return t.Contains("probe_success{", StringComparison.Ordinal) && t.Contains(MetricNames.CertNotAfter + "{", StringComparison.Ordinal) ? t : null;
        }, Deadline, "a probe run and the certificate section in /metrics");

        var samples = PrometheusText.Samples(text);
        Assert.Contains(samples, s => s.Name == MetricNames.CertNotAfter);
        Assert.Contains(samples, s => s.Name == DaemonMetricNames.WorkerUp);
        Assert.All(samples, s => Assert.Equal(("prod", "cp-1"), (s.Labels["cluster"], s.Labels["node"])));
        Assert.Equal(target, samples.First(s => s.Name == "probe_success").Labels["instance"]);
        var (code, output) = Promtool.CheckMetrics(text);
        Assert.True(code == 0, output);
    }

    [Fact]
    public async Task Reload_InvalidConfig_KeepsRunningConfigAndCountsFailure()
    {
        var settings = Settings();
        var loader = new SettingsLoader(settings);
        await using var host = new WatchHost(new WatchHostOptions { ConfigPath = _dir.Combine("doomsday.yaml"), Loader = loader, WatchConfigFile = false });
        Assert.True((await host.StartAsync(CancellationToken.None)).Started);

        loader.Next = DaemonConfigLoad.Invalid(["doomsday.yaml:1: certificates.interval: not a duration"]);
        host.RequestReload("test");
        await Eventually.UntilAsync(() => host.Metrics.ReloadCount(success: false) == 1, Deadline, "failed reload counted");
        Assert.Same(settings, host.Settings);

        var next = settings with { Certificates = settings.Certificates with { Sources = settings.Certificates.Sources with { Interval = TimeSpan.FromMinutes(5) } } };
        loader.Next = DaemonConfigLoad.Valid(next);
        host.RequestReload("test");
        await Eventually.UntilAsync(() => host.Metrics.ReloadCount(success: true) == 1, Deadline, "reload applied");
        Assert.Equal(TimeSpan.FromMinutes(5), host.Settings.Certificates.Interval);
    }

    [Fact]
    public async Task Alerts_CertificateFiveDaysFromExpiry_EmergencyNotifiedOnWebhookAndSnapshotStored()
    {
        WriteCertificates();
        await using var receiver = await WebhookReceiver.StartAsync();
        var settings = Settings() with
        {
            Notifiers = [new Doomsday.Watch.Notifiers.Webhook.WebhookNotifierOptions { Name = "hook", Url = receiver.Url.ToString() }],
        };
        await using var host = await StartAsync(settings);

        var firing = await receiver.WaitForAsync(r => (string?)r.Body["status"] == "firing", Deadline, "certificate alert delivered");

        var alert = firing.Body["alerts"]![0]!;
        Assert.Equal("CertificateExpiry", (string?)alert["labels"]!["alertname"]);
        Assert.Equal("emergency", (string?)alert["labels"]!["severity"]);
        Assert.Contains("soon.crt", (string?)alert["labels"]!["source"]);
        Assert.Single(receiver.Answered);
        Assert.Equal(1, host.Store.Snapshots.Count());
        var findings = await _http.GetFromJsonAsync<V1Findings>(new Uri(host.BaseUrl, "/api/v1/findings"));
        Assert.NotNull(findings!.ScannedAt);
    }

    public void Dispose()
    {
        _http.Dispose();
        _dir.Dispose();
    }
}
