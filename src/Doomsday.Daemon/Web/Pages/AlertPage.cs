using Doomsday.Daemon.Web.Html;
using Doomsday.Daemon.Web.Security;
using Doomsday.Watch.Alerting;
using Doomsday.Watch.Incidents;

namespace Doomsday.Daemon.Web.Pages;

/// <summary>
/// <c>/alerts/{fingerprint}</c>: one alert with its labels and incidents, and the two actions — acknowledge
/// (who, why, for how long) and silence (matchers prefilled from its labels, comment, duration). The page
/// does not refresh by itself, so a half-typed comment is never lost.
/// </summary>
internal static class AlertPage
{
    /// <summary>What the forms show again after a refused submission.</summary>
    public sealed record FormState(string By = "", string Comment = "", string AckDuration = "", string SilenceDuration = "2h", string? Matchers = null, string? Error = null, string? ErrorFor = null);

    public static Action<HtmlBuilder>? For(WebSources s, string fingerprint, string csrf, FormState form, string? done, out string title)
    {
        var alert = s.Engine.States.FirstOrDefault(a => a.Fingerprint == fingerprint);
        title = alert?.Name ?? "Alert";
        return alert is null ? null : h => Write(h, s, alert, csrf, form, done);
    }

    public static string DefaultMatchers(AlertState a) =>
        string.Join("\n", new[] { new SilenceMatcher("alertname", a.Name) }.Concat(a.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => new SilenceMatcher(l.Key, l.Value))));

    private static void Write(HtmlBuilder h, WebSources s, AlertState a, string csrf, FormState form, string? done)
    {
        var now = s.Time.GetUtcNow();
        h.Add($"<p><a href=\"/alerts\">← Alerts</a></p><h1>{Show.Level(a.Severity)} {a.Name}: {a.Summary}</h1>");
        if (done is not null) h.Add($"<p class=\"notice\" role=\"status\">{done}</p>");
        h.Raw("<section class=\"panel\"><dl class=\"facts\">");
        h.Add($"<dt>Status</dt><dd>{a.Status.ToString().ToLowerInvariant()}</dd><dt>Fingerprint</dt><dd class=\"mono\">{a.Fingerprint}</dd>");
        h.Add($"<dt>First seen</dt><dd>{Show.Time(a.FirstSeenAt, now)}</dd><dt>Firing since</dt><dd>{Show.Time(a.FiringAt, now, "not firing")}</dd>");
        if (a.ResolvedAt is { } resolved) h.Add($"<dt>Resolved</dt><dd>{Show.Time(resolved, now)}</dd>");
        h.Add($"<dt>Notifications</dt><dd>{AlertsPage.Withheld(a)}{(a.LastNotifiedAt is { } last ? ", last " + Show.Relative(last, now) : "")}</dd>");
        if (a.Ack is { } ack)
            h.Add($"<dt>Acknowledged</dt><dd>by {ack.By} {Show.Time(ack.At, now)}{(ack.ExpiresAt is { } exp ? ", until " + Show.Utc(exp) : "")}{(ack.Comment.Length > 0 ? ": " + ack.Comment : "")}</dd>");
        h.Add($"<dt>Labels</dt><dd class=\"mono\">{string.Join(", ", a.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"))}</dd>");
        if (a.Detail.Length > 0) h.Add($"<dt>Detail</dt><dd>{a.Detail}</dd>");
        h.Raw("</dl>");
        if (a.Runbook is { Length: > 0 } runbook) h.Add($"<h2>Runbook</h2><pre><code>{runbook}</code></pre>");
        h.Raw("</section><div class=\"grid2\">");

        if (a.Status is AlertStatus.Firing or AlertStatus.Pending)
        {
            h.Raw("<section class=\"panel\" aria-labelledby=\"ack-h\"><h2 id=\"ack-h\">Acknowledge</h2><p class=\"muted\">You own it: repeats stop until it resolves, escalates or the acknowledgement ends.</p>");
            Error(h, form, "ack");
            h.Add($"<form class=\"action\" method=\"post\" action=\"/alerts/{Show.Segment(a.Fingerprint)}/ack\"><input type=\"hidden\" name=\"{CsrfTokens.FieldName}\" value=\"{csrf}\">");
            h.Add($"<label>Your name<input name=\"by\" required maxlength=\"{WebForms.MaxName}\" autocomplete=\"name\" value=\"{form.By}\"></label>");
            h.Add($"<label>Comment<input name=\"comment\" maxlength=\"{WebForms.MaxComment}\" value=\"{form.Comment}\"></label>");
            h.Add($"<label>For how long (e.g. 4h; empty: until it resolves)<input name=\"duration\" maxlength=\"16\" value=\"{form.AckDuration}\"></label>");
            h.Raw("<div><button class=\"primary\" type=\"submit\">Acknowledge</button></div></form></section>");
        }
        h.Raw("<section class=\"panel\" aria-labelledby=\"sil-h\"><h2 id=\"sil-h\">Silence</h2><p class=\"muted\">Withholds notifications of every alert the matchers all match (one per line, amtool's syntax).</p>");
        Error(h, form, "silence");
        h.Add($"<form class=\"action\" method=\"post\" action=\"/alerts/{Show.Segment(a.Fingerprint)}/silence\"><input type=\"hidden\" name=\"{CsrfTokens.FieldName}\" value=\"{csrf}\">");
        h.Add($"<label>Matchers<textarea name=\"matchers\" rows=\"4\" required maxlength=\"{WebForms.MaxMatchers}\" class=\"mono\">{form.Matchers ?? DefaultMatchers(a)}</textarea></label>");
        h.Add($"<label>Your name<input name=\"by\" required maxlength=\"{WebForms.MaxName}\" autocomplete=\"name\" value=\"{form.By}\"></label>");
        h.Add($"<label>Comment<input name=\"comment\" required maxlength=\"{WebForms.MaxComment}\" value=\"{form.Comment}\"></label>");
        h.Add($"<label>For how long (e.g. 2h, 1d)<input name=\"duration\" required maxlength=\"16\" value=\"{form.SilenceDuration}\"></label>");
        h.Raw("<div><button class=\"primary\" type=\"submit\">Silence</button></div></form></section></div>");

        var incidents = s.Store.Incidents.ForFingerprint(a.Fingerprint);
        h.Add($"<h2>Incidents of this alert ({incidents.Count})</h2>");
        if (incidents.Count > 0)
        {
            h.Raw("<ul>");
            foreach (var i in incidents.Reverse())
            {
                var f = IncidentFigures.Of(i);
                h.Add($"<li><a href=\"/incidents/{i.Id}\">#{i.Id}</a> opened {Show.Time(i.OpenedAt, now)}, {(f.ToResolve is { } r ? "resolved after " + IncidentDurations.Format(r) : "open")}</li>");
            }
            h.Raw("</ul>");
        }
    }

    private static void Error(HtmlBuilder h, FormState form, string which)
    {
        if (form.Error is not null && form.ErrorFor == which) h.Add($"<p class=\"notice error\" role=\"alert\">{form.Error}</p>");
    }
}
