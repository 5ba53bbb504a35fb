using System.CommandLine;
using Doomsday.Cli.Commands.Silence;
using Doomsday.Cli.Hosting;
using Doomsday.Cli.Rendering;
using Doomsday.Core.Certificates;
using Doomsday.Core.Inventory;
using Doomsday.Core.Reporting;
using Doomsday.Daemon.Http.V1;

namespace Doomsday.Cli.Commands.Ack;

/// <summary>
/// <c>doomsday ack FINGERPRINT</c>: someone owns the alert; repeats stop until it resolves, escalates or the ack
/// expires. Acknowledging an alert already acknowledged keeps the earlier comment and expiry unless
/// <c>--comment</c> or <c>--duration</c> is given, and says which it kept and which it replaced.
/// </summary>
public static class AckCommand
{
    public static Command Create(CliContext context, HttpClient? http = null)
    {
        var connection = new DaemonConnectionOptions();
        var fingerprint = new Argument<string>("FINGERPRINT") { Description = "The alert's fingerprint (doomsday alerts, or the notification)." };
        var comment = new Option<string?>("--comment") { Description = "What is being done (shown in the incident log). Default: the earlier ack's comment, if any." };
        var duration = new Option<string?>("--duration") { Description = "Ack expires after this long, e.g. 4h. Default: the earlier ack's expiry, if any, else until resolved or escalated." };
        var author = new Option<string?>("--author") { Description = "Who (default: $USER)." };
        var command = new Command("ack", "Acknowledge a firing alert (talks to the running 'doomsday watch').");
        command.Arguments.Add(fingerprint);
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
            var by = parse.GetValue(author) ?? context.GetEnvironmentVariable("USER") ?? "doomsday";
            var id = parse.GetValue(fingerprint)!;
            return await SilenceCommand.CallAsync(context, http, connection, parse, "ack", async client =>
            {
                var now = context.Time.GetUtcNow();
                var earlier = (await client.ListAlertsAsync(null, ct)).FirstOrDefault(a => a.Fingerprint == id)?.Acknowledgement;
                if (earlier?.ExpiresAt <= now) earlier = null;
                var request = new V1AckRequest
                {
                    By = by,
                    Comment = parse.GetValue(comment) ?? earlier?.Comment ?? "",
                    Duration = length ?? Remaining(earlier, now),
                };
                var alert = await client.AcknowledgeAsync(id, request, ct);
                await context.Out.WriteLineAsync(TerminalText.Escape($"{alert.Fingerprint} {alert.Name} acknowledged by {alert.Acknowledgement?.By ?? request.By}") +
                    Replaced(earlier, parse.GetValue(comment) is not null, length is not null, now));
            });
        });
        return command;
    }

    /// <summary>The earlier ack's time left, to the second rounded up, as a duration the API takes.</summary>
    private static string? Remaining(V1Acknowledgement? earlier, DateTimeOffset now) =>
        earlier?.ExpiresAt is { } expires ? Durations.Format(TimeSpan.FromSeconds(Math.Ceiling((expires - now).TotalSeconds))) : null;

    private static string Replaced(V1Acknowledgement? earlier, bool commentGiven, bool durationGiven, DateTimeOffset now)
    {
        if (earlier is null) return "";
        var kept = new List<string>();
        var replaced = new List<string>();
        if (earlier.Comment.Length > 0) (commentGiven ? replaced : kept).Add($"comment '{earlier.Comment}'");
        if (earlier.ExpiresAt is { } expires) (durationGiven ? replaced : kept).Add($"expiry {Ages.Utc(expires)}");
        var parts = new List<string>();
        if (kept.Count > 0) parts.Add("kept " + string.Join(" and ", kept));
        if (replaced.Count > 0) parts.Add("replaced " + string.Join(" and ", replaced));
        return TerminalText.Escape($" (acknowledged before by {earlier.By} {Ages.Since(earlier.At, now)} ago" + (parts.Count > 0 ? ": " + string.Join(", ", parts) : "") + ")");
    }
}
