using System.CommandLine;
using System.Globalization;
using Doomsday.Cli.Commands.Silence;
using Doomsday.Cli.Hosting;
using Doomsday.Core.Inventory;

namespace Doomsday.Cli.Commands.Postmortem;

/// <summary>
/// <c>doomsday postmortem ID</c>: the running daemon's post-mortem draft of one incident (Markdown: summary,
/// impact, timeline, detection figures, root cause and action items to fill in), on standard output.
/// </summary>
public static class PostmortemCommand
{
    public static Command Create(CliContext context, HttpClient? http = null)
    {
        var connection = new DaemonConnectionOptions();
        var id = new Argument<string>("ID") { Description = "The incident's id (from 'doomsday incidents' or the Incidents page)." };
        var command = new Command("postmortem", "Print a blameless post-mortem draft of one incident, in Markdown (talks to the running 'doomsday watch').");
        command.Arguments.Add(id);
        connection.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var text = parse.GetValue(id)!.Trim();
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
            {
                await context.Error.WriteLineAsync($"doomsday postmortem: '{text}' is not an incident id (a positive number, from 'doomsday incidents')");
                return ExitCodes.InputError;
            }
            return await SilenceCommand.CallAsync(context, http, connection, parse, "postmortem", async client =>
                await context.Out.WriteAsync(await client.PostmortemAsync(number, ct)));
        });
        return command;
    }
}
