using Doomsday.Daemon.AlertRounds;
using Doomsday.Daemon.Telemetry;

namespace Doomsday.Daemon.Tests.Telemetry;

public sealed class DaemonMetricNamesTests
{
    [Fact]
    public void All_EveryName_DocumentedInMetricsMd()
    {
        var doc = DocsFolder.Doc("metrics.md");
        Assert.All(DaemonMetricNames.All.Concat(ProcessMetricNames.All), name => Assert.Contains($"`{name}`", doc));
    }

    [Fact]
    public void DaemonAlertNames_EveryNameAndLabel_DocumentedInHttpApiMd()
    {
        var doc = DocsFolder.Doc("http-api.md");
        Assert.Contains($"`{DaemonAlertNames.ProbeDown}`", doc);
        Assert.Contains($"`{DaemonAlertNames.CertificateExpiry}`", doc);
        foreach (var label in new[] { DaemonAlertNames.Labels.Probe, DaemonAlertNames.Labels.Kind, DaemonAlertNames.Labels.Source, DaemonAlertNames.Labels.Subject, DaemonAlertNames.Labels.Serial })
            Assert.Contains($"`{label}`", doc);
    }

    [Fact]
    public void WriteTo_CountersAndGauges_PassPromtool()
    {
        var metrics = new DaemonMetrics { OutboxPending = () => 3, Workers = () => new Dictionary<string, bool> { ["alerts"] = true, ["outbox"] = false } };
        metrics.SourceError("file", "unreadable");
        metrics.SourceError("file", "unreadable");
        metrics.Notification("hook", DaemonMetricNames.Results.Delivered);
        metrics.ConfigReload(false);
        metrics.Heartbeat(false);
        metrics.ScanCompleted(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
        var sb = new System.Text.StringBuilder();

        metrics.WriteTo(sb);

        var text = sb.ToString();
        Assert.Contains("doomsday_source_errors_total{source=\"file\",reason=\"unreadable\"} 2\n", text);
        Assert.Contains("doomsday_notifications_total{notifier=\"hook\",result=\"delivered\"} 1\n", text);
        Assert.Contains("doomsday_config_reload_total{result=\"failure\"} 1\n", text);
        Assert.Contains("doomsday_config_reload_total{result=\"success\"} 0\n", text);
        Assert.Contains("doomsday_outbox_pending 3\n", text);
        Assert.Contains("doomsday_last_scan_timestamp_seconds 1800000000\n", text);
        Assert.Contains("doomsday_heartbeat_ok 0\n", text);
        Assert.Contains("doomsday_heartbeat_failures_total 1\n", text);
        Assert.Contains("doomsday_worker_up{worker=\"outbox\"} 0\n", text);
        var (code, output) = Promtool.CheckMetrics(text);
        Assert.True(code == 0, output);
    }
}
