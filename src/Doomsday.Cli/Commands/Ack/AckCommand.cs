using System.CommandLine;
using Doomsday.Cli.Commands.Silence;
using Doomsday.Cli.Hosting;
using Doomsday.Cli.Rendering;
using Doomsday.Core.Certificates;
using Doomsday.Core.Inventory;
using Doomsday.Core.Reporting;
using Doomsday.Daemon.Http.V1;
using Doomsday.Watch.Alerting;

namespace Doomsday.Cli.Commands.Ack;

/// <summary>
/// <c>doomsday ack FINGERPRINT</c> or <c>doomsday ack MATCHER...</c> (amtool's syntax, every pending or firing
/// alert they match): someone owns the alert; repeats stop until it resolves, escalates or the ack expires.
/// Acknowledging one alert already acknowledged keeps the earlier comment and expiry unless <c>--comment</c> or
/// <c>--duration</c> is given; acknowledging by matchers replaces them. Either way the output says which.
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
        var comment = new Option<string?>("--comment") { Description = "What is being done (shown in the incident log). Default for one fingerprint: the earlier ack's comment, if any." };
        var duration = new Option<string?>("--duration") { Description = "Ack expires after this long, e.g. 4h. Default for one fingerprint: the earlier ack's expiry, if any; else until resolved or escalated." };
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
            var commentGiven = parse.GetValue(comment) is not null;
            return await SilenceCommand.CallAsync(context, http, connection, parse, "ack", async client =>
            {
                var now = context.Time.GetUtcNow();
                var earlier = (await client.ListAlertsAsync(null, ct))
                    .Where(a => a.Acknowledgement is { } ack && !(ack.ExpiresAt <= now))
                    .ToDictionary(a => a.Fingerprint, a => a.Acknowledgement!, StringComparer.Ordinal);
                if (fingerprint is not null)
                {
                    // One alert: what was not given again is carried over from the acknowledgement it replaces.
                    var before = earlier.GetValueOrDefault(fingerprint);
                    var single = request with { Comment = commentGiven ? request.Comment : before?.Comment ?? "", Duration = length ?? Remaining(before, now) };
                    var alert = await client.AcknowledgeAsync(fingerprint, single, ct);
                    await context.Out.WriteLineAsync(Line(alert, request.By) + Note(before, keptComment: !commentGiven, keptExpiry: length is null, now));
                    return;
                }
                foreach (var alert in await client.AcknowledgeMatchingAsync(request, ct))
                    await context.Out.WriteLineAsync(Line(alert, request.By) + Note(earlier.GetValueOrDefault(alert.Fingerprint), keptComment: false, keptExpiry: false, now));
            });
        });
        return command;
    }

    private static string Line(V1Alert alert, string by) => TerminalText.Escape($"{alert.Fingerprint} {alert.Name} acknowledged by {alert.Acknowledgement?.By ?? by}");

    /// <summary>The earlier ack's time left, to the second rounded up, as a duration the API takes.</summary>
    private static string? Remaining(V1Acknowledgement? earlier, DateTimeOffset now) =>
        earlier?.ExpiresAt is { } expires ? Durations.Format(TimeSpan.FromSeconds(Math.Ceiling((expires - now).TotalSeconds))) : null;

    /// <summary>What became of the acknowledgement this one replaced: its comment and expiry, kept or replaced.</summary>
    private static string Note(V1Acknowledgement? earlier, bool keptComment, bool keptExpiry, DateTimeOffset now)
    {
        if (earlier is null) return "";
        var kept = new List<string>();
        var replaced = new List<string>();
        if (earlier.Comment.Length > 0) (keptComment ? kept : replaced).Add($"comment '{earlier.Comment}'");
        if (earlier.ExpiresAt is { } expires) (keptExpiry ? kept : replaced).Add($"expiry {Ages.Utc(expires)}");
        var parts = new List<string>();
        if (kept.Count > 0) parts.Add("kept " + string.Join(" and ", kept));
        if (replaced.Count > 0) parts.Add("replaced " + string.Join(" and ", replaced));
        return TerminalText.Escape($" (acknowledged before by {earlier.By} {Ages.Since(earlier.At, now)} ago" + (parts.Count > 0 ? ": " + string.Join(", ", parts) : "") + ")");
    }

    /// <summary>An alert fingerprint: 16 lowercase hex digits (docs/alerting.md).</summary>
    private static bool IsFingerprint(string s) => s.Length == AlertFingerprint.Length && s.All(char.IsAsciiHexDigitLower);
}
