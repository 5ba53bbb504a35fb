using System.Net.Http.Json;
using Doomsday.Cli.Tests.Commands.Silence;
using Doomsday.Daemon.Http.V1;
using Microsoft.Data.Sqlite;

namespace Doomsday.Cli.Tests.Commands.Ack;

/// <summary><c>ack</c> against a real daemon whose TCP probe of a closed port fires at once.</summary>
public sealed class AckCommandTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Ack_FiringAlert_AcknowledgedInApiAndIncidentLog()
    {
        var (host, dir, config) = await SilenceCommandTests.StartDaemonAsync();
        await using (host)
        using (dir)
        {
            using var http = AuthorizedClient();
            var alert = await FiringAlertAsync(http, host.BaseUrl);

            var ack = await SilenceCommandTests.RunAsync("ack", alert.Fingerprint, "--comment", "looking", "--author", "bob", "--config", config);
            Assert.True(ack.Code == 0, ack.Err);
            Assert.Contains("acknowledged by bob", ack.Out);

            var after = await AlertAsync(http, host.BaseUrl, alert.Fingerprint);
            Assert.Equal("bob", after.Acknowledgement?.By);
            var incidents = (await http.GetFromJsonAsync<List<V1Incident>>(new Uri(host.BaseUrl, "/api/v1/incidents/" + alert.Fingerprint)))!;
            Assert.Contains(incidents.SelectMany(i => i.Events), e => e.Kind == "acknowledged" && e.Detail.Contains("bob"));

            var unknown = await SilenceCommandTests.RunAsync("ack", "0000000000000000", "--config", config);
            Assert.Equal(1, unknown.Code);
            Assert.Contains("404", unknown.Err);
        }
    }

    [Fact]
    public async Task Ack_Matchers_AcknowledgesEveryMatchingAlertAndRefusesBadSyntaxBeforeSending()
    {
        var (host, dir, config) = await SilenceCommandTests.StartDaemonAsync();
        await using (host)
        using (dir)
        {
            using var http = AuthorizedClient();
            var alert = await FiringAlertAsync(http, host.BaseUrl);

            var none = await SilenceCommandTests.RunAsync("ack", "{alertname=\"ProbeDown\",probe!=\"ssh\"}", "--author", "bob", "--config", config);
            var bad = await SilenceCommandTests.RunAsync("ack", "probe!ssh", "--author", "bob", "--config", config);
            var ack = await SilenceCommandTests.RunAsync("ack", "alertname=ProbeDown", "probe=~\"ss.\"", "--author", "bob", "--config", config);

            Assert.Equal(1, none.Code);
            Assert.Contains("no pending or firing alert matches alertname=\"ProbeDown\",probe!=\"ssh\"", none.Err);
            Assert.Equal((3, "doomsday ack: 'probe!ssh': not a matcher: expected NAME=VALUE, NAME!=VALUE, NAME=~REGEX or NAME!~REGEX"), (bad.Code, bad.Err.Trim()));
            Assert.True(ack.Code == 0, ack.Err);
            Assert.Equal($"{alert.Fingerprint} ProbeDown acknowledged by bob", ack.Out.Trim());
            Assert.Equal("bob", (await AlertAsync(http, host.BaseUrl, alert.Fingerprint)).Acknowledgement?.By);
        }
    }

    [Fact]
    public async Task Ack_Again_KeepsTheFirstCommentAndExpiryAndSaysSo()
    {
        var (host, dir, config) = await SilenceCommandTests.StartDaemonAsync();
        await using (host)
        using (dir)
        {
            using var http = AuthorizedClient();
            var alert = await FiringAlertAsync(http, host.BaseUrl);
            var first = await SilenceCommandTests.RunAsync("ack", alert.Fingerprint, "--comment", "restarting etcd", "--duration", "4h", "--author", "alice", "-c", config);
            Assert.True(first.Code == 0, first.Err);
            var expires = (await AlertAsync(http, host.BaseUrl, alert.Fingerprint)).Acknowledgement!.ExpiresAt!.Value;

            var second = await SilenceCommandTests.RunAsync("ack", alert.Fingerprint, "--author", "bob", "-c", config);

            Assert.True(second.Code == 0, second.Err);
            Assert.Contains("acknowledged by bob (acknowledged before by alice ", second.Out);
            Assert.Contains("kept comment 'restarting etcd' and expiry ", second.Out);
            var after = (await AlertAsync(http, host.BaseUrl, alert.Fingerprint)).Acknowledgement!;
            Assert.Equal("bob", after.By);
            Assert.Equal("restarting etcd", after.Comment);
            Assert.InRange(after.ExpiresAt!.Value, expires, expires.AddSeconds(2));

            var third = await SilenceCommandTests.RunAsync("ack", alert.Fingerprint, "--author", "carol", "--comment", "taking over", "-c", config);

            Assert.Contains("replaced comment 'restarting etcd'", third.Out);
            Assert.Equal("taking over", (await AlertAsync(http, host.BaseUrl, alert.Fingerprint)).Acknowledgement!.Comment);
        }
    }

    /// <summary>The daemon's store refuses the write (a SQLite trigger on the incident log): one line with the daemon's reason, exit 1, no ack.</summary>
    [Fact]
    public async Task Ack_StoreRefusesWrite_PrintsDaemonErrorAndExits1()
    {
        var (host, dir, config) = await SilenceCommandTests.StartDaemonAsync();
        await using (host)
        using (dir)
        {
            using var http = AuthorizedClient();
            var alert = await FiringAlertAsync(http, host.BaseUrl);
            var db = dir.Combine("doomsday.db");
            Assert.True(File.Exists(db), db);
            StoreRefusal.Refuse(db, "incident_events");

            var ack = await SilenceCommandTests.RunAsync("ack", alert.Fingerprint, "--author", "bob", "--config", config);

            Assert.Equal(1, ack.Code);
            Assert.Equal("", ack.Out);
            var line = Assert.Single(ack.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("doomsday ack: the daemon answered 503", line);
            Assert.Contains("refused by test", line);
            Assert.Contains("not recorded", line);
            var after = await AlertAsync(http, host.BaseUrl, alert.Fingerprint);
            Assert.Null(after.Acknowledgement);
        }
    }

    private static HttpClient AuthorizedClient()
    {
        var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", SilenceCommandTests.Token);
        return http;
    }

    private static Task<V1Alert> FiringAlertAsync(HttpClient http, Uri daemon) => Eventually.UntilAsync(async () =>
        (await http.GetFromJsonAsync<List<V1Alert>>(new Uri(daemon, "/api/v1/alerts")))!.FirstOrDefault(a => a.Status == "firing"),
        Deadline, "firing alert");

    private static async Task<V1Alert> AlertAsync(HttpClient http, Uri daemon, string fingerprint) =>
        (await http.GetFromJsonAsync<List<V1Alert>>(new Uri(daemon, "/api/v1/alerts")))!.Single(a => a.Fingerprint == fingerprint);
}
