using System.Text.Json;
using System.Text.RegularExpressions;
using Doomsday.Cli.Tests.Support;

namespace Doomsday.Cli.Tests.Commands.Alerts;

/// <summary><c>doomsday alerts</c> against the running daemon of <see cref="OnCallDaemon"/>.</summary>
[Collection(OnCallDaemon.Collection)]
public sealed class AlertsCommandTests(OnCallDaemon daemon)
{
    [Fact]
    public async Task Alerts_RunningDaemon_FiringWithFingerprintAgeAndSummary()
    {
        var run = await daemon.RunAsync("alerts", "-c", daemon.Config);

        Assert.True(run.ExitCode == 0, run.Error);
        var lines = run.Out.Split('\n');
        Assert.Matches(@"^FINGERPRINT\s+ALERT\s+SEVERITY\s+STATUS\s+AGE\s+ACK\s+SUMMARY$", lines[0]);
        var probe = Assert.Single(lines, l => l.StartsWith(daemon.ProbeDown.Fingerprint, StringComparison.Ordinal));
        Assert.Matches(@"^[0-9a-f]{16}\s+ProbeDown\s+critical\s+firing\s+\d+[smh]\s+tcp probe ssh is down \(connect_refused\)$", probe);
        var unreadable = Assert.Single(lines, l => Regex.IsMatch(l, @"^[0-9a-f]{16}\s+SourceUnreadable\s"));
        Assert.Contains("warning", unreadable);
        Assert.Contains($"cannot read {daemon.MissingCertificate} (not_found)", unreadable);
        Assert.Contains("doomsday ack FINGERPRINT", run.Out);
    }

    [Fact]
    public async Task Alerts_Json_TheApiDocument()
    {
        var run = await daemon.RunAsync("alerts", "--config", daemon.Config, "--output", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var unreadable = Assert.Single(json.RootElement.EnumerateArray(), a => a.GetProperty("name").GetString() == "SourceUnreadable");
        Assert.Equal(daemon.MissingCertificate, unreadable.GetProperty("labels").GetProperty("source").GetString());
        Assert.Equal("not_found", unreadable.GetProperty("labels").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Alerts_StatusResolved_NoneYet()
    {
        var run = await daemon.RunAsync("alerts", "-c", daemon.Config, "--status", "resolved");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("no resolved alert at ", run.Out);
    }

    [Fact]
    public async Task Alerts_BadStatus_Exit3()
    {
        var run = await daemon.RunAsync("alerts", "-c", daemon.Config, "--status", "burning");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("--status 'burning' is not one of firing, pending, resolved, all", run.Error);
    }

    [Fact]
    public async Task Alerts_ConfigWithUnsetNotifierSecret_ConfigCheckFailsButAlertsReadsTheServerSection()
    {
        var check = await daemon.RunAsync("config", "check", daemon.Config);
        Assert.Equal(3, check.ExitCode);
        Assert.Contains("undefined_env", check.Out);

        var alerts = await daemon.RunAsync("alerts", "-c", daemon.Config);
        Assert.Equal(0, alerts.ExitCode);
    }
}
