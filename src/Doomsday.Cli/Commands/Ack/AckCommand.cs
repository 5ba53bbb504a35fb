using System.CommandLine;
using Doomsday.Cli.Commands.Silence;
using Doomsday.Core.Alerting;
using Doomsday.Cli.Hosting;
using Doomsday.Core.Certificates;
using Doomsday.Core.Inventory;
using Doomsday.Daemon.Http.V1;

namespace Doomsday.Cli.Commands.Ack;

/// <summary>
/// <c>doomsday ack FINGERPRINT</c> or <c>doomsday ack MATCHER...</c> (amtool's syntax, every pending or firing
/// alert they match): someone owns the alert; repeats stop until it resolves, escalates or the ack expires.
/// </summary>
public static class AckCommand
{
    public static Command Create(CliContext context, HttpClient? http = null)
    {
        var connection = new DaemonConnectionOptions();
        var target = new Argument<string[]>("FINGERPRINT|MATCHER")
        {
            Description = "The alert's fingerprint (GET /api/v1/alerts, or the notification), or label tests in amtool's syntax (name=value, name!=value, name=~regex, name!~regex, {a=\"b\",...}): every pending or firing alert they all match.",
            Arity = ArgumentArity.OneOrMore,
        };
        var comment = new Option<string>("--comment") { Description = "What is being done (shown in the incident log).", DefaultValueFactory = _ => "" };
        var duration = new Option<string?>("--duration") { Description = "Ack expires after this long, e.g. 4h (default: until resolved or escalated)." };
        var author = new Option<string?>("--author") { Description = "Who (default: $USER)." };
        var command = new Command("ack", "Acknowledge a firing alert (talks to the running 'doomsday watch').");
        command.Arguments.Add(target);
        command.Options.Add(comment);
        command.Options.Add(duration);
        command.Options.Add(author);
        connection.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var length = parse.GetValue(duration);
            if (length is not null && (!Durations.TryParse(length, out var span) || span <= TimeSpan.Zero))
            {
                await context.Error.WriteLineAsync($"doomsday ack: --duration '{length}' is not a positive duration (e.g. 4h)");
                return ExitCodes.InputError;
            }
            var targets = parse.GetValue(target) ?? [];
            var fingerprint = targets is [var one] && IsFingerprint(one) ? one : null;
            if (fingerprint is null)
            {
                // checked here with the daemon's own rules, so a typo is refused before anything is sent
                if (MatcherParser.ParseForSilence(targets, [], out _) is { } refused)
                {
                    await context.Error.WriteLineAsync($"doomsday ack: {refused}");
                    return ExitCodes.InputError;
                }
            }
            var request = new V1AckRequest
            {
                By = parse.GetValue(author) ?? context.GetEnvironmentVariable("USER") ?? "doomsday",
                Comment = parse.GetValue(comment) ?? "",
                Duration = length,
                Filter = fingerprint is null ? targets : [],
            };
            return await SilenceCommand.CallAsync(context, http, connection, parse, "ack", async client =>
            {
                var alerts = fingerprint is null
                    ? await client.AcknowledgeMatchingAsync(request, ct)
                    : [await client.AcknowledgeAsync(fingerprint, request, ct)];
                foreach (var alert in alerts)
                    await context.Out.WriteLineAsync($"{alert.Fingerprint} {alert.Name} acknowledged by {alert.Acknowledgement?.By ?? request.By}");
            });
        });
        return command;
    }

    /// <summary>An alert fingerprint: 16 lowercase hex digits (docs/alerting.md).</summary>
    private static bool IsFingerprint(string s) => s.Length == AlertFingerprint.Length && s.All(char.IsAsciiHexDigitLower);
}
