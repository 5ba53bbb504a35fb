using System.Text.Json;
using Doomsday.Cli.Tests.Support;

namespace Doomsday.Cli.Tests.Commands.Status;

/// <summary><c>doomsday status</c> against the running daemon of <see cref="OnCallDaemon"/>.</summary>
[Collection(OnCallDaemon.Collection)]
public sealed class StatusCommandTests(OnCallDaemon daemon)
{
    [Fact]
    public async Task Status_RunningDaemon_HealthWorkersProbesDownUnreadableSourceAndBacklog()
    {
        // -c reads only the server section: ${SLACK_WEBHOOK_URL} is not set for this run.
        var run = await daemon.RunAsync("status", "-c", daemon.Config);

        Assert.True(run.ExitCode == 0, run.Error);
        var lines = run.Out.Split('\n');
        Assert.StartsWith("doomsday watch ", lines[0]);
        Assert.Contains(lines, l => l.Trim() == "health    ok");
        Assert.Contains(lines, l => l.Trim() == "probes    1: 0 up, 1 down (ssh)");
        Assert.Contains(lines, l => l.Trim().StartsWith("last scan ", StringComparison.Ordinal) && l.Contains("1 certificate, 1 could not be read"));
        Assert.Contains(lines, l => l.Trim().StartsWith("alerts    2 firing", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Trim().StartsWith("outbox    ", StringComparison.Ordinal) && l.Contains("waiting, oldest queued"));
        foreach (var worker in new[] { "inventory", "alerts", "outbox" }) Assert.Contains(lines, l => l.StartsWith(worker + " ", StringComparison.Ordinal) && l.Contains(" running "));
        Assert.Contains(lines, l => l.StartsWith("not_found ", StringComparison.Ordinal) && l.Contains(daemon.MissingCertificate));
    }

    [Fact]
    public async Task Status_Json_TheApiDocument()
    {
        var run = await daemon.RunAsync("status", "--config", daemon.Config, "-o", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.EndsWith("}\n", run.Stdout);
        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        Assert.True(root.GetProperty("healthy").GetBoolean());
        Assert.Equal(1, root.GetProperty("probes").GetProperty("down").GetInt32());
        Assert.Equal("ssh", root.GetProperty("probes").GetProperty("downNames")[0].GetString());
        var unreadable = Assert.Single(root.GetProperty("lastScan").GetProperty("unreadable").EnumerateArray());
        Assert.Equal("not_found", unreadable.GetProperty("reason").GetString());
        Assert.True(root.GetProperty("outbox").GetProperty("pending").GetInt64() >= 1);
        Assert.Equal(2, root.GetProperty("alerts").GetProperty("firing").GetInt32());
    }

    [Fact]
    public async Task Status_NothingListening_OneLineAndExit1()
    {
        using var closed = TcpPorts.Closed(); // no daemon listens there until the test ends
        var run = await daemon.RunAsync("status", "--url", $"http://127.0.0.1:{closed.Port}");

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Error.TrimEnd('\n').Split('\n'));
        Assert.Matches(@"^doomsday status: cannot reach the daemon at http://127\.0\.0\.1:\d+/: connection refused \(is 'doomsday watch' running\? --url, --config\)$", line);
    }

    [Fact]
    public async Task Status_WithoutToken_SaysWhichTokenIsMissing()
    {
        var run = await daemon.RunAsync("status", "--url", daemon.Host.BaseUrl.ToString());

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("wants a bearer token", run.Error);
    }
}
