using System.Text;
using Doomsday.Daemon.AlertRounds;
using Doomsday.Daemon.Tests.Support;
using Doomsday.Watch.Notifiers;
using Doomsday.Watch.Notifiers.Alertmanager;
using Doomsday.Watch.Notifiers.Webhook;

namespace Doomsday.Daemon.Tests.AlertRounds;

/// <summary>
/// The cache against a real Alertmanager (silences created with amtool) and one that is not there: what it
/// applies, to which notifiers, and what /metrics says. The daemon-level scenario is in WatchHostAlertmanagerTests.
/// </summary>
public sealed class AlertmanagerSilenceCacheTests
{
    private static Notification Alert(string severity, params (string Key, string Value)[] labels) => new()
    {
        Id = "n", AlertName = "CertificateExpiry", Fingerprint = "fp", Status = "firing", Severity = severity, Summary = "s",
        Labels = labels.ToDictionary(l => l.Key, l => l.Value), StartsAt = DateTimeOffset.UtcNow, CreatedAt = DateTimeOffset.UtcNow,
    };

    [Fact]
    public async Task Silencing_AmtoolSilenceOnRenamedSeverity_MutesOtherNotifiersOnlyAsAlertmanagerSeesTheLabels()
    {
        using var hook = new HttpReceiver();
        using var am = AlertmanagerServer.Start(hook.Url + "/am");
        await am.AmtoolAsync("silence", "add", "severity=critical", "cluster=prod", "--author=alice", "--comment=renewal", "--duration=1h");
        var cache = new AlertmanagerSilenceCache(new StringLog().Log, TimeProvider.System);
        cache.Configure(
        [
            new AlertmanagerNotifierOptions { Name = "am", Urls = [am.Url], Severities = new Dictionary<string, string> { ["expired"] = "critical" } },
            new WebhookNotifierOptions { Name = "hook", Url = hook.Url },
        ], new NotifierContext(TimeProvider.System));

        await cache.RefreshAsync(CancellationToken.None);

        var expired = Alert("expired", ("cluster", "prod"));
        var muted = cache.Silencing(expired, "hook");
        Assert.NotNull(muted);
        Assert.Equal(("alertmanager am", "alice", "renewal"), (muted.Source, muted.CreatedBy, muted.Comment));
        Assert.Null(cache.Silencing(expired, "am"));                                   // Alertmanager applies its own
        Assert.Null(cache.Silencing(Alert("warning", ("cluster", "prod")), "hook"));   // severity=warning there
        Assert.Null(cache.Silencing(Alert("expired", ("cluster", "dev")), "hook"));
        var metrics = new StringBuilder();
        cache.WriteMetrics(metrics);
        Assert.Contains("doomsday_alertmanager_silences_active{notifier=\"am\"} 1\n", metrics.ToString());
        Assert.Contains("doomsday_alertmanager_silences_up{notifier=\"am\"} 1\n", metrics.ToString());
        var (code, output) = Promtool.CheckMetrics(metrics.ToString());
        Assert.True(code == 0, output);
    }

    [Fact]
    public async Task RefreshAsync_AlertmanagerUnreachable_FailsOpenWarnsOnceAndCounts()
    {
        var log = new StringLog();
        var cache = new AlertmanagerSilenceCache(log.Log, TimeProvider.System);
        using var closed = TcpPorts.Closed(); // no Alertmanager listens there until the test ends
        cache.Configure([new AlertmanagerNotifierOptions { Name = "am", Urls = [$"http://127.0.0.1:{closed.Port}"] }], new NotifierContext(TimeProvider.System));

        await cache.RefreshAsync(CancellationToken.None);
        await cache.RefreshAsync(CancellationToken.None);

        Assert.Null(cache.Silencing(Alert("critical"), "hook"));
        Assert.Single(log.ToString().Split('\n'), l => l.Contains("cannot read the active silences (127.0.0.1:", StringComparison.Ordinal));
        var metrics = new StringBuilder();
        cache.WriteMetrics(metrics);
        Assert.Contains("doomsday_alertmanager_silence_reads_total{notifier=\"am\",result=\"failure\"} 2\n", metrics.ToString());
        Assert.Contains("doomsday_alertmanager_silences_up{notifier=\"am\"} 0\n", metrics.ToString());
        var doc = DocsFolder.Doc("metrics.md");
        Assert.All([AlertmanagerSilenceCache.ReadsMetric, AlertmanagerSilenceCache.UpMetric, AlertmanagerSilenceCache.ActiveMetric], name => Assert.Contains($"`{name}`", doc));
    }
}
