using Doomsday.Daemon.Web.Html;
using Doomsday.Daemon.Web.Security;
using Doomsday.Watch.Alerting;

namespace Doomsday.Daemon.Web.Pages;

/// <summary><c>/alerts</c>: firing, then pending, then recently resolved alerts; the silences in force, each with a button to expire it.</summary>
internal static class AlertsPage
{
    public static void Write(HtmlBuilder h, WebSources s, string csrf, string? done)
    {
        var now = s.Time.GetUtcNow();
        var states = s.Engine.States;
        h.Raw("<h1>Alerts</h1>");
        if (done is not null) h.Add($"<p class=\"notice\" role=\"status\">{done}</p>");
        foreach (var (status, title) in new[] { (AlertStatus.Firing, "Firing"), (AlertStatus.Pending, "Pending"), (AlertStatus.Resolved, "Recently resolved") })
        {
            var list = states.Where(a => a.Status == status).OrderByDescending(a => Show.Rank(a.Severity)).ThenBy(a => a.FiringAt ?? a.FirstSeenAt).ToList();
            h.Add($"<h2>{title} ({list.Count})</h2>");
            if (list.Count == 0)
            {
                h.Raw("<p class=\"muted\">None.</p>");
                continue;
            }
            h.Raw("<table class=\"cards\"><thead><tr><th scope=\"col\">Severity</th><th scope=\"col\">Alert</th><th scope=\"col\">Summary</th><th scope=\"col\">Since</th><th scope=\"col\">Notifications</th></tr></thead><tbody>");
            foreach (var a in list)
            {
                var since = a.ResolvedAt ?? a.FiringAt ?? a.FirstSeenAt;
                h.Add($"<tr><td data-label=\"Severity\">{Show.Level(a.Severity)}</td><td data-label=\"Alert\"><a href=\"/alerts/{Show.Segment(a.Fingerprint)}\">{a.Name}</a> <span class=\"mono muted\">{a.Fingerprint}</span></td>");
                h.Add($"<td data-label=\"Summary\">{a.Summary}</td><td data-label=\"Since\">{Show.Time(since, now)}</td><td data-label=\"Notifications\">{Withheld(a)}</td></tr>");
            }
            h.Raw("</tbody></table>");
        }

        var silences = s.Engine.Silences.Where(x => x.EndsAt > now).OrderBy(x => x.StartsAt).ToList();
        h.Add($"<h2>Silences ({silences.Count})</h2>");
        if (silences.Count == 0) h.Raw("<p class=\"muted\">None. Silence an alert from its page.</p>");
        else
        {
            h.Raw("<table class=\"cards\"><thead><tr><th scope=\"col\">Matchers</th><th scope=\"col\">Ends</th><th scope=\"col\">By</th><th scope=\"col\">Comment</th><th scope=\"col\">Action</th></tr></thead><tbody>");
            foreach (var x in silences)
            {
                h.Add($"<tr><td data-label=\"Matchers\" class=\"mono\">{string.Join(" ", x.Matchers)}</td><td data-label=\"Ends\">{(x.IsActive(now) ? "" : "starts " + Show.Relative(x.StartsAt, now) + ", ")}{Show.Time(x.EndsAt, now)}</td>");
                h.Add($"<td data-label=\"By\">{x.CreatedBy}</td><td data-label=\"Comment\">{x.Comment}</td>");
                h.Add($"<td data-label=\"Action\"><form class=\"inline\" method=\"post\" action=\"/silences/{Show.Segment(x.Id)}/expire\"><input type=\"hidden\" name=\"{CsrfTokens.FieldName}\" value=\"{csrf}\"><button type=\"submit\" aria-label=\"Expire silence {x.Id}\">Expire now</button></form></td></tr>");
            }
            h.Raw("</tbody></table>");
        }
    }

    public static string Withheld(AlertState a) => a.SuppressedBy switch
    {
        null => a.Ack is { } ack ? $"acknowledged by {ack.By}" : a.LastNotifiedAt is null ? "not sent yet" : "sent",
        "ack" => $"withheld: acknowledged by {a.Ack?.By}",
        var other => "withheld: " + other,
    };
}
