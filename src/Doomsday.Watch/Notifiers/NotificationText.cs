using System.Text;

namespace Doomsday.Watch.Notifiers;

/// <summary>The human text every channel shares: the title line and a plain-text body.</summary>
internal static class NotificationText
{
    /// <summary><c>[FIRING:critical] apiserver down</c>; test messages start with <c>[TEST]</c>.</summary>
    public static string Title(Notification n)
    {
        var head = $"[{n.Status.ToUpperInvariant()}:{n.Severity}] {n.AlertName}";
        if (!string.IsNullOrEmpty(n.Summary) && n.Summary != n.AlertName) head += " " + n.Summary;
        return n.IsTest ? "[TEST] " + head : head;
    }

    public static string? Runbook(Notification n) =>
        n.Annotations.TryGetValue("runbook", out var r) ? r : n.Annotations.TryGetValue("runbook_url", out var u) ? u : null;

    public static string PlainBody(Notification n)
    {
        var b = new StringBuilder();
        b.AppendLine(Title(n)).AppendLine();
        if (n.IsTest) b.AppendLine("This is a test message from `doomsday notify test`; no alert is firing.").AppendLine();
        b.AppendLine(n.Summary);
        if (!string.IsNullOrWhiteSpace(n.Detail)) b.AppendLine().AppendLine(n.Detail.TrimEnd());
        b.AppendLine();
        b.Append("Started: ").AppendLine(n.StartsAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
        if (n.EndsAt is { } end) b.Append("Ended:   ").AppendLine(end.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
        if (n.Labels.Count > 0)
        {
            b.AppendLine().AppendLine("Labels:");
            foreach (var (k, v) in n.Labels.OrderBy(l => l.Key, StringComparer.Ordinal)) b.Append("  ").Append(k).Append(" = ").AppendLine(v);
        }
        if (Runbook(n) is { } runbook) b.AppendLine().Append("Runbook: ").AppendLine(runbook);
        b.AppendLine().Append("Fingerprint: ").AppendLine(n.Fingerprint);
        b.Append("Notification: ").AppendLine(n.Id);
        return b.ToString();
    }
}
