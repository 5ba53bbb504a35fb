using Doomsday.Daemon.Logging;
using Doomsday.Daemon.Telemetry;
using Doomsday.Daemon.Tests.Support;
using Doomsday.Daemon.Workers;

namespace Doomsday.Daemon.Tests.Workers;

public sealed class HeartbeatWorkerTests
{
    [Fact]
    public async Task RoundAsync_ReceiverAnswers_OkGaugeAndOneRequest()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var http = new HttpClient();
        var metrics = new DaemonMetrics();
        var worker = new HeartbeatWorker(() => new HeartbeatSettings { Url = receiver.Url.ToString(), Method = "POST" }, http, metrics, EventLog.Null);

        await worker.RoundAsync(CancellationToken.None);

        Assert.Single(receiver.Answered);
        var sb = new System.Text.StringBuilder();
        metrics.WriteTo(sb);
        Assert.Contains("doomsday_heartbeat_ok 1\n", sb.ToString());
        Assert.Contains("doomsday_heartbeat_failures_total 0\n", sb.ToString());
    }

    [Fact]
    public async Task RoundAsync_NobodyListens_FailureCountedAndLoggedOnceWithoutUrl()
    {
        using var http = new HttpClient();
        var metrics = new DaemonMetrics();
        var log = new StringLog();
        using var closed = TcpPorts.Closed(); // nobody listens there until the test ends
        var url = $"http://127.0.0.1:{closed.Port}/ping?token=secret-in-url";
        var worker = new HeartbeatWorker(() => new HeartbeatSettings { Url = url }, http, metrics, log.Log);

        await worker.RoundAsync(CancellationToken.None);
        await worker.RoundAsync(CancellationToken.None);

        var sb = new System.Text.StringBuilder();
        metrics.WriteTo(sb);
        Assert.Contains("doomsday_heartbeat_ok 0\n", sb.ToString());
        Assert.Contains("doomsday_heartbeat_failures_total 2\n", sb.ToString());
        Assert.Single(log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("secret-in-url", log.ToString());
    }
}
