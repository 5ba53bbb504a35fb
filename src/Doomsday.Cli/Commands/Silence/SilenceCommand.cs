using System.CommandLine;
using System.Globalization;
using Doomsday.Cli.Hosting;
using Doomsday.Core.Certificates;
using Doomsday.Core.Inventory;
using Doomsday.Core.Reporting;
using Doomsday.Daemon.Client;
using Doomsday.Daemon.Http.V1;
using Doomsday.Watch.Alerting;

namespace Doomsday.Cli.Commands.Silence;

/// <summary>
/// <c>doomsday silence add|list|expire</c>: mute notifications of matching alerts for a while, through
/// the running daemon's API (alerts are still tracked and logged; only notifications are withheld).
/// </summary>
public static class SilenceCommand
{
    public static Command Create(CliContext context, HttpClient? http = null)
    {
        var command = new Command("silence", "Mute notifications of matching alerts for a while (talks to the running 'doomsday watch').");
        command.Subcommands.Add(Add(context, http));
        command.Subcommands.Add(List(context, http));
        command.Subcommands.Add(Expire(context, http));
        return command;
    }

    private static Command Add(CliContext context, HttpClient? http)
    {
        var connection = new DaemonConnectionOptions();
        var matchers = new Argument<string[]>("MATCHERS")
        {
            Description = "Label tests in amtool's syntax, all of which must hold: name=value, name!=value, name=~regex, name!~regex (regex: the whole value), values optionally in double quotes; or a list {a=\"b\",c=~\"d\"}. alertname and severity are labels too.",
            Arity = ArgumentArity.OneOrMore,
        };
        var duration = new Option<string>("--duration") { Description = "How long the silence lasts, e.g. 2h, 1d.", DefaultValueFactory = _ => "2h" };
        var comment = new Option<string>("--comment") { Description = "Why (shown in the incident log).", DefaultValueFactory = _ => "" };
        var author = new Option<string?>("--author") { Description = "Who (default: $USER)." };
        var command = new Command("add", "Add a silence; prints its id.");
        command.Arguments.Add(matchers);
        command.Options.Add(duration);
        command.Options.Add(comment);
        command.Options.Add(author);
        connection.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            // Checked here with the daemon's own rules, so a typo is refused before anything is sent.
            if (MatcherParser.ParseForSilence(parse.GetValue(matchers) ?? [], [], out var parsed) is { } refused)
            {
                await context.Error.WriteLineAsync($"doomsday silence add: {refused}");
                return ExitCodes.InputError;
            }
            var length = parse.GetValue(duration)!;
            if (!Durations.TryParse(length, out var span) || span <= TimeSpan.Zero)
            {
                await context.Error.WriteLineAsync($"doomsday silence add: --duration '{length}' is not a positive duration (e.g. 2h)");
                return ExitCodes.InputError;
            }
            var request = new V1SilenceRequest
            {
                Matchers = parsed.Select(m => new V1Matcher(m.Name, m.Value, m.IsRegex, m.IsEqual)).ToList(),
                Duration = length,
                Comment = parse.GetValue(comment) ?? "",
                CreatedBy = parse.GetValue(author) ?? context.GetEnvironmentVariable("USER") ?? "doomsday",
            };
            // The daemon's own size limits too, before anything is sent (100,000 matchers, a megabyte of comment).
            if (Doomsday.Watch.Alerting.SilenceLimits.Check(parsed.Select(m => ((string?)m.Name, (string?)m.Value)).ToList(), request.Comment, request.CreatedBy) is { } tooBig)
            {
                await context.Error.WriteLineAsync($"doomsday silence add: {tooBig}");
                return ExitCodes.InputError;
            }
            return await CallAsync(context, http, connection, parse, "silence add", async client =>
            {
                var silence = await client.AddSilenceAsync(request, ct);
                await context.Out.WriteLineAsync(silence.Id);
            });
        });
        return command;
    }

    private static Command List(CliContext context, HttpClient? http)
    {
        var connection = new DaemonConnectionOptions();
        var command = new Command("list", "List silences that have not ended.");
        connection.AddTo(command);
        command.SetAction((parse, ct) => CallAsync(context, http, connection, parse, "silence list", async client =>
        {
            var silences = await client.ListSilencesAsync(ct);
            if (silences.Count == 0)
            {
                await context.Out.WriteLineAsync("no silences");
                return;
            }
            await context.Out.WriteLineAsync("ID\tSTATE\tENDS\tMATCHERS\tBY\tCOMMENT");
            foreach (var s in silences)
            {
                var matchers = string.Join(",", s.Matchers.Select(m => new SilenceMatcher(m.Name, m.Value, m.IsRegex, m.IsEqual).ToString()));
                // Each field escaped: who and why are free text from whoever created the silence (a tab in them would shift columns).
                string[] fields = [s.Id, s.State, s.EndsAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), matchers, s.CreatedBy, s.Comment];
                await context.Out.WriteLineAsync(string.Join('\t', fields.Select(TerminalText.Escape)));
            }
        }));
        return command;
    }

    private static Command Expire(CliContext context, HttpClient? http)
    {
        var connection = new DaemonConnectionOptions();
        var id = new Argument<string>("ID") { Description = "The silence to end now (from 'silence add' or 'silence list')." };
        var command = new Command("expire", "End a silence now.");
        command.Arguments.Add(id);
        connection.AddTo(command);
        command.SetAction((parse, ct) => CallAsync(context, http, connection, parse, "silence expire", async client =>
        {
            var silence = await client.ExpireSilenceAsync(parse.GetValue(id)!, ct);
            await context.Out.WriteLineAsync($"{silence.Id} expired");
        }));
        return command;
    }

    /// <summary>Connects, runs, and turns the daemon's refusals into one line on stderr and exit code 1 (<see cref="DaemonCall"/>).</summary>
    internal static Task<int> CallAsync(CliContext context, HttpClient? http, DaemonConnectionOptions connection, ParseResult parse, string verb, Func<DaemonApiClient, Task> call) =>
        DaemonCall.RunAsync(context, http, connection, parse, verb, async client =>
        {
            await call(client);
            return ExitCodes.Ok;
        });
}
