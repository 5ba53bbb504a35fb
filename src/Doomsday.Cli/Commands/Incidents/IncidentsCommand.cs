using System.CommandLine;
using System.Globalization;
using Doomsday.Cli.Hosting;
using Doomsday.Cli.Rendering;
using Doomsday.Core.Inventory;
using Doomsday.Daemon.Client;
using Doomsday.Daemon.Http.V1;

namespace Doomsday.Cli.Commands.Incidents;

/// <summary>
/// <c>doomsday incidents [list]</c>: the outages the running daemon recorded lately, newest last;
/// <c>doomsday incidents show ID|FINGERPRINT</c>: one incident's timeline (or every incident of one alert).
/// </summary>
public static class IncidentsCommand
{
    public static Command Create(CliContext context, HttpClient? http = null)
    {
        var list = List(context, http, "list");
        var command = new Command("incidents", "List the incidents the running 'doomsday watch' recorded (incidents show ID: one timeline).");
        // `doomsday incidents` alone lists, as `incidents list` does.
        foreach (var option in list.Options) command.Options.Add(option);
        command.Action = list.Action;
        command.Subcommands.Add(list);
        command.Subcommands.Add(Show(context, http));
        return command;
    }

    private static Command List(CliContext context, HttpClient? http, string name)
    {
        var connection = new DaemonConnectionOptions();
        var output = new HumanOutput();
        var days = new Option<int>("--days") { Description = "Incidents opened in the last DAYS days.", DefaultValueFactory = _ => 7 };
        var command = new Command(name, "List incidents opened in the last --days days (default 7), newest last.");
        command.Options.Add(days);
        command.Options.Add(output.Option);
        connection.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var window = parse.GetValue(days);
            if (window < 1)
            {
                await context.Error.WriteLineAsync($"doomsday incidents: --days must be at least 1, not {window}");
                return ExitCodes.InputError;
            }
            if (await output.IsJsonAsync(parse, context, "incidents") is not { } json) return ExitCodes.InputError;
            return await DaemonCall.RunAsync(context, http, connection, parse, "incidents", async client =>
            {
                var incidents = await client.ListIncidentsAsync(window, ct);
                if (json) HumanOutput.WriteJson(context, incidents, V1Json.Default.ListV1Incident);
                else RenderList(context, incidents, window);
                return ExitCodes.Ok;
            });
        });
        return command;
    }

    private static Command Show(CliContext context, HttpClient? http)
    {
        var connection = new DaemonConnectionOptions();
        var output = new HumanOutput();
        var id = new Argument<string>("ID") { Description = "An incident id (from 'incidents list'), or an alert's fingerprint for every incident of that alert." };
        var command = new Command("show", "Show one incident's timeline: first failure, firing, notifications, acknowledgement, recovery.");
        command.Arguments.Add(id);
        command.Options.Add(output.Option);
        connection.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var text = parse.GetValue(id)!.Trim();
            var isId = long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && text.Length <= 15;
            if (!isId && !IsFingerprint(text))
            {
                await context.Error.WriteLineAsync($"doomsday incidents show: '{text}' is neither an incident id (a number) nor an alert fingerprint (16 hex digits)");
                return ExitCodes.InputError;
            }
            if (await output.IsJsonAsync(parse, context, "incidents show") is not { } json) return ExitCodes.InputError;
            return await DaemonCall.RunAsync(context, http, connection, parse, "incidents show", async client =>
            {
                var incidents = isId ? [await client.IncidentAsync(number, ct)] : await client.IncidentsOfAlertAsync(text, ct);
                if (json)
                {
                    if (isId) HumanOutput.WriteJson(context, incidents[0], V1Json.Default.V1Incident);
                    else HumanOutput.WriteJson(context, incidents, V1Json.Default.ListV1Incident);
                }
                else
                {
                    var t = Terminal.For(context, noColor: false);
                    for (var i = 0; i < incidents.Count; i++)
                    {
                        if (i > 0) t.WriteLine();
                        IncidentTimeline.Render(t, incidents[i], context.Time.GetUtcNow());
                    }
                }
                return ExitCodes.Ok;
            });
        });
        return command;
    }

    private static bool IsFingerprint(string text) => text.Length == 16 && text.All(char.IsAsciiHexDigit);

    private static void RenderList(CliContext context, List<V1Incident> incidents, int days)
    {
        var t = Terminal.For(context, noColor: false);
        var now = context.Time.GetUtcNow();
        if (incidents.Count == 0)
        {
            t.WriteWrapped($"no incident in the last {Core.Reporting.Plurals.Count(days, "day")}", Tone.Ok);
            return;
        }
        var table = new TextTable([
            new("ID"), new("OPENED", DropRank: 2), new("STATE"), new("LASTED"), new("ALERT", Fit.End, MinWidth: 10, Comfortable: 18),
            new("FINGERPRINT", DropRank: 3), new("SUMMARY", Fit.End, MinWidth: 20, DropRank: 1, Comfortable: 40),
        ]);
        foreach (var i in incidents)
        {
            var open = i.ResolvedAt is null;
            table.Add(i.Id.ToString(CultureInfo.InvariantCulture), Ages.Utc(i.OpenedAt), new TextCell(open ? "open" : "resolved", open ? Tone.Critical : Tone.Ok),
                Core.Certificates.Durations.FormatResidual((i.ResolvedAt ?? now) - i.OpenedAt), i.AlertName, i.Fingerprint, IncidentTimeline.Summary(i));
        }
        foreach (var line in table.Render(t)) t.WriteLine(line);
        t.WriteLine();
        t.WriteWrapped($"{Core.Reporting.Plurals.Count(incidents.Count, "incident")} in the last {Core.Reporting.Plurals.Count(days, "day")} · a timeline: doomsday incidents show ID", Tone.Dim);
    }
}
