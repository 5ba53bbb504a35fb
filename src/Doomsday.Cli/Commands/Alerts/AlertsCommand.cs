using System.CommandLine;
using Doomsday.Cli.Hosting;
using Doomsday.Cli.Rendering;
using Doomsday.Core.Inventory;
using Doomsday.Daemon.Client;
using Doomsday.Daemon.Http.V1;
using Doomsday.Watch.Alerting;

namespace Doomsday.Cli.Commands.Alerts;

/// <summary>
/// <c>doomsday alerts</c>: what the running daemon has firing and pending, worst first, with the fingerprint
/// <c>ack</c> and <c>incidents show</c> take, how long each has been going on, and who acknowledged it.
/// </summary>
public static class AlertsCommand
{
    private static readonly string[] Statuses = ["firing", "pending", "resolved", "all"];

    public static Command Create(CliContext context, HttpClient? http = null)
    {
        var connection = new DaemonConnectionOptions();
        var output = new HumanOutput();
        var status = new Option<string?>("--status") { Description = "Only alerts in this state: firing, pending, resolved or all (default: firing and pending)." };
        status.CompletionSources.Add(Statuses);
        var command = new Command("alerts", "List the alerts the running 'doomsday watch' has firing and pending, with fingerprints, age and acknowledgements.");
        command.Options.Add(status);
        command.Options.Add(output.Option);
        connection.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var wanted = parse.GetValue(status)?.ToLowerInvariant();
            if (wanted is not null && !Statuses.Contains(wanted))
            {
                await context.Error.WriteLineAsync($"doomsday alerts: --status '{wanted}' is not one of {string.Join(", ", Statuses)}");
                return ExitCodes.InputError;
            }
            if (await output.IsJsonAsync(parse, context, "alerts") is not { } json) return ExitCodes.InputError;
            return await DaemonCall.RunAsync(context, http, connection, parse, "alerts", async client =>
            {
                var alerts = (await client.ListAlertsAsync(wanted is null or "all" ? null : wanted, ct))
                    .Where(a => wanted is not null || a.Status != "resolved").ToList();
                if (json) HumanOutput.WriteJson(context, alerts, V1Json.Default.ListV1Alert);
                else Render(context, alerts, wanted, client.ShownUrl);
                return ExitCodes.Ok;
            });
        });
        return command;
    }

    private static void Render(CliContext context, List<V1Alert> alerts, string? wanted, string daemon)
    {
        var t = Terminal.For(context, noColor: false);
        var now = context.Time.GetUtcNow();
        if (alerts.Count == 0)
        {
            t.WriteWrapped(wanted is null or "all" ? $"nothing firing or pending at {daemon}" : $"no {wanted} alert at {daemon}", Tone.Ok);
            return;
        }
        var table = new TextTable([
            new("FINGERPRINT"), new("ALERT", Fit.End, MinWidth: 10, Comfortable: 18), new("SEVERITY"), new("STATUS"), new("AGE"),
            new("ACK", Fit.End, MinWidth: 6, DropRank: 2), new("SUMMARY", Fit.End, MinWidth: 20, DropRank: 1, Comfortable: 40),
        ]);
        foreach (var a in alerts.OrderBy(a => StatusRank(a.Status)).ThenByDescending(a => AlertSeverities.Rank(a.Severity)).ThenBy(a => a.FiringAt ?? a.FirstSeenAt))
        {
            var tone = AlertTone(a.Severity);
            var state = a.Status + (a.SuppressedBy is { } by && by != "ack" ? $" ({by})" : "");
            table.Add(a.Fingerprint, a.Name, new TextCell(a.Severity, tone), new TextCell(state, a.Status == "firing" ? tone : Tone.None),
                Ages.Since(a.ResolvedAt ?? a.FiringAt ?? a.FirstSeenAt, now), a.Acknowledgement?.By ?? "", a.Summary);
        }
        foreach (var line in table.Render(t)) t.WriteLine(line);
        t.WriteLine();
        var firing = alerts.Count(a => a.Status == "firing");
        t.WriteWrapped($"{Core.Reporting.Plurals.Count(alerts.Count, "alert")} ({firing} firing) · acknowledge one: doomsday ack FINGERPRINT --comment '...' · its timeline: doomsday incidents show FINGERPRINT", Tone.Dim);
    }

    private static int StatusRank(string status) => status switch { "firing" => 0, "pending" => 1, _ => 2 };

    internal static Tone AlertTone(string severity) => AlertSeverities.Rank(severity) switch
    {
        0 => Tone.Info,
        1 => Tone.Warning,
        2 => Tone.Critical,
        3 => Tone.Emergency,
        _ => Tone.Expired,
    };
}
