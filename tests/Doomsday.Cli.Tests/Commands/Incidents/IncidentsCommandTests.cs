using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Doomsday.Cli.Tests.Support;

namespace Doomsday.Cli.Tests.Commands.Incidents;

/// <summary><c>doomsday incidents</c> against the running daemon of <see cref="OnCallDaemon"/>.</summary>
[Collection(OnCallDaemon.Collection)]
public sealed class IncidentsCommandTests(OnCallDaemon daemon)
{
    private async Task<long> ProbeIncidentIdAsync()
    {
        var run = await daemon.RunAsync("incidents", "list", "-c", daemon.Config, "-o", "json");
        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        return json.RootElement.EnumerateArray().Single(i => i.GetProperty("fingerprint").GetString() == daemon.ProbeDown.Fingerprint).GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task Incidents_Alone_ListsOpenIncidents()
    {
        var run = await daemon.RunAsync("incidents", "-c", daemon.Config);

        Assert.True(run.ExitCode == 0, run.Error);
        var lines = run.Out.Split('\n');
        Assert.Matches(@"^ID\s+OPENED\s+STATE\s+LASTED\s+ALERT\s+FINGERPRINT\s+SUMMARY$", lines[0]);
        var row = Assert.Single(lines, l => l.Contains(daemon.ProbeDown.Fingerprint));
        Assert.Matches(@"^\d+\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\s+open\s+\d+[smh]\s+ProbeDown\s+[0-9a-f]{16}\s+tcp probe ssh is down \(connect_refused\)$", row);
        Assert.Contains("incidents show ID", run.Out);
    }

    [Fact]
    public async Task Show_IncidentId_Timeline()
    {
        var id = await ProbeIncidentIdAsync();

        var run = await daemon.RunAsync("incidents", "show", id.ToString(CultureInfo.InvariantCulture), "-c", daemon.Config);

        Assert.True(run.ExitCode == 0, run.Error);
        var lines = run.Out.Split('\n');
        Assert.Matches($@"^incident {id} · ProbeDown {daemon.ProbeDown.Fingerprint} · open for \d+[smh]$", lines[0]);
        Assert.Equal("tcp probe ssh is down (connect_refused)", lines[1]);
        Assert.Matches(@"^fired after \d+[smh]", lines[2]);
        var events = lines.SkipWhile(l => !l.StartsWith("TIME", StringComparison.Ordinal)).Skip(1).Where(l => l.Length > 0).ToList();
        Assert.Matches(@"^\d\d:\d\d:\d\d\s+\+0s\s+first failure\s", events[0]);
        Assert.Contains(events, e => Regex.IsMatch(e, @"\sfiring\s+tcp probe ssh is down"));
        Assert.Contains(events, e => Regex.IsMatch(e, @"\snotified\s"));
    }

    [Fact]
    public async Task Show_Fingerprint_EveryIncidentOfTheAlert()
    {
        var run = await daemon.RunAsync("incidents", "show", daemon.ProbeDown.Fingerprint, "-c", daemon.Config, "-o", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var incident = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal("ProbeDown", incident.GetProperty("alertName").GetString());
        Assert.Equal("first_failure", incident.GetProperty("events")[0].GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData("999999", 1, "the daemon answered 404 Not Found: no incident 999999")]
    [InlineData("not-an-id", 3, "'not-an-id' is neither an incident id (a number) nor an alert fingerprint (16 hex digits)")]
    public async Task Show_UnknownOrMalformed_SaysWhy(string id, int code, string message)
    {
        var run = await daemon.RunAsync("incidents", "show", id, "-c", daemon.Config);

        Assert.Equal(code, run.ExitCode);
        Assert.Equal($"doomsday incidents show: {message}\n", run.Error);
    }
}
