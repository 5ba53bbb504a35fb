using System.Text.Json.Nodes;

namespace Doomsday.Watch.Notifiers.Slack;

/// <summary>
/// Block Kit message: a header (severity and alert name), the summary, up to ten label fields, the
/// detail as a code block, the runbook link and the ids; <c>text</c> is the fallback shown in
/// notifications and by clients without blocks. Slack's limits are respected (header 150 characters,
/// section text 3000, ten fields).
/// </summary>
internal static class SlackPayload
{
    public static JsonObject Build(Notification n, string? channel)
    {
        var emoji = n.Status == "resolved" ? ":white_check_mark:" : n.Severity switch
        {
            "critical" or "emergency" or "expired" => ":rotating_light:",
            "warning" => ":warning:",
            _ => ":information_source:",
        };
        // JsonNode-typed items: JsonArray.Add<T> of a JsonObject would take the reflection path (not in a native build).
        var blocks = new JsonArray(
            new JsonObject
            {
                ["type"] = "header",
                ["text"] = PlainText(Cut($"{NotificationText.Title(n)}", 150)),
            },
            Section(Cut($"{emoji} *{Escape(n.Summary)}*", 3000)));
        if (n.Labels.Count > 0)
        {
            var fields = new JsonArray();
            foreach (var (k, v) in n.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Take(10))
                fields.Add((JsonNode)new JsonObject { ["type"] = "mrkdwn", ["text"] = Cut($"*{Escape(k)}*\n{Escape(v)}", 2000) });
            blocks.Add((JsonNode)new JsonObject { ["type"] = "section", ["fields"] = fields });
        }
        if (!string.IsNullOrWhiteSpace(n.Detail))
            blocks.Add((JsonNode)Section("```" + Cut(n.Detail.Replace("```", "'''", StringComparison.Ordinal).TrimEnd(), 2900) + "```"));
        if (NotificationText.Runbook(n) is { } runbook)
            blocks.Add((JsonNode)Section($"*Runbook:* <{runbook}>"));
        blocks.Add((JsonNode)new JsonObject
        {
            ["type"] = "context",
            ["elements"] = new JsonArray(
                new JsonObject { ["type"] = "mrkdwn", ["text"] = Cut($"since {n.StartsAt:u} · fingerprint `{n.Fingerprint}` · id `{n.Id}`", 3000) }),
        });
        var payload = new JsonObject
        {
            ["text"] = Cut($"{NotificationText.Title(n)}: {n.Summary}", 3000),
            ["blocks"] = blocks,
        };
        if (!string.IsNullOrEmpty(channel)) payload["channel"] = channel;
        return payload;
    }

    private static JsonObject PlainText(string text) => new() { ["type"] = "plain_text", ["text"] = text, ["emoji"] = true };

    private static JsonObject Section(string mrkdwn) => new()
    {
        ["type"] = "section",
        ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = mrkdwn },
    };

    /// <summary>Slack's three control characters in mrkdwn.</summary>
    private static string Escape(string s) => s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
