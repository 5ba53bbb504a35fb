using Doomsday.Core.Certificates;
using Doomsday.Daemon.AlertRounds;
using Doomsday.Daemon.Web.Pages;
using Doomsday.Daemon.Web.Security;
using Doomsday.Watch.Alerting;
using Microsoft.AspNetCore.Http;

namespace Doomsday.Daemon.Web;

/// <summary>
/// The pages' actions, each a POST of a form with the anti-forgery token: acknowledge, silence, expire a
/// silence, sign in, sign out. Post/Redirect/Get on success (303 to the page, with a fixed message); a
/// refused form is shown again with what was typed and why (400), a store that refused the write says so
/// (503, nothing changed). Written through <see cref="AlertActions"/>, as the JSON API writes.
/// </summary>
internal sealed class WebForms(WebPage page)
{
    public const int MaxName = 100;
    public const int MaxComment = 1000;
    public const int MaxMatchers = 4000;

    /// <summary>Who acted last from this browser, to fill in "your name" next time (not a credential).</summary>
    public const string WhoCookie = "doomsday_who";

    private WebSources S => page.Sources;

    public async Task AcknowledgeAsync(HttpContext http)
    {
        if (await ReadAsync(http) is not { } form) return;
        var fp = (string)http.Request.RouteValues["fingerprint"]!;
        var state = new AlertPage.FormState(By: Field(form, "by"), Comment: Field(form, "comment"), AckDuration: Field(form, "duration"));
        var alert = S.Engine.States.FirstOrDefault(a => a.Fingerprint == fp);
        if (alert is null || alert.Status == AlertStatus.Resolved)
        {
            await page.MessageAsync(http, StatusCodes.Status404NotFound, "No such alert", $"No pending or firing alert {fp}: it may have resolved meanwhile.", "/alerts");
            return;
        }
        DateTimeOffset? expires = null;
        string? problem = TooLong(state) ?? (state.By.Length == 0 ? "Your name is required: who owns the alert." : null);
        if (problem is null && state.AckDuration.Length > 0)
        {
            if (Durations.TryParse(state.AckDuration, out var span) && span > TimeSpan.Zero) expires = S.Time.GetUtcNow() + span;
            else problem = $"'{state.AckDuration}' is not a positive duration (e.g. 30m, 4h, 1d).";
        }
        if (problem is null && AlertActions.Acknowledge(S.Engine, S.Writer, [fp], state.By, state.Comment, expires) is { } refused)
        {
            await AlertFormAsync(http, fp, state with { Error = refused, ErrorFor = "ack" }, StatusCodes.Status503ServiceUnavailable);
            return;
        }
        if (problem is not null)
        {
            await AlertFormAsync(http, fp, state with { Error = problem, ErrorFor = "ack" }, StatusCodes.Status400BadRequest);
            return;
        }
        Remember(http, state.By);
        WebPage.SeeOther(http, $"/alerts/{Show.Segment(fp)}?done=acknowledged");
    }

    public async Task SilenceAsync(HttpContext http)
    {
        if (await ReadAsync(http) is not { } form) return;
        var fp = (string)http.Request.RouteValues["fingerprint"]!;
        var state = new AlertPage.FormState(By: Field(form, "by"), Comment: Field(form, "comment"),
            SilenceDuration: Field(form, "duration"), Matchers: Field(form, "matchers", multiline: true));
        if (!S.Engine.States.Any(a => a.Fingerprint == fp))
        {
            await page.MessageAsync(http, StatusCodes.Status404NotFound, "No such alert", $"No alert {fp}: it may have been forgotten since it resolved.", "/alerts");
            return;
        }
        var lines = state.Matchers!.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var now = S.Time.GetUtcNow();
        string? problem = null;
        IReadOnlyList<SilenceMatcher> matchers = [];
        if (TooLong(state) is { } tooLong) problem = tooLong;
        else if (state.By.Length == 0) problem = "Your name is required: who silenced it.";
        else if (state.Comment.Length == 0) problem = "A comment is required: why it is silenced.";
        else if (!Durations.TryParse(state.SilenceDuration, out var span) || span <= TimeSpan.Zero) problem = $"'{state.SilenceDuration}' is not a positive duration (e.g. 2h, 1d).";
        else problem = MatcherParser.ParseForSilence(lines, [], out matchers);
        if (problem is not null)
        {
            await AlertFormAsync(http, fp, state with { Error = problem, ErrorFor = "silence" }, StatusCodes.Status400BadRequest);
            return;
        }
        Durations.TryParse(state.SilenceDuration, out var duration);
        var silence = new Silence { Id = AlertActions.NewSilenceId(), Matchers = matchers, StartsAt = now, EndsAt = now + duration, CreatedBy = state.By, Comment = state.Comment };
        if (AlertActions.PutSilence(S.Engine, S.Store, silence, now, "the silence was not created") is { } refused)
        {
            await AlertFormAsync(http, fp, state with { Error = refused, ErrorFor = "silence" }, StatusCodes.Status503ServiceUnavailable);
            return;
        }
        Remember(http, state.By);
        WebPage.SeeOther(http, $"/alerts/{Show.Segment(fp)}?done=silenced");
    }

    public async Task ExpireAsync(HttpContext http)
    {
        if (await ReadAsync(http) is null) return;
        var id = (string)http.Request.RouteValues["id"]!;
        var now = S.Time.GetUtcNow();
        var silence = S.Engine.Silences.FirstOrDefault(x => x.Id == id);
        if (silence is null)
        {
            await page.MessageAsync(http, StatusCodes.Status404NotFound, "No such silence", $"No silence {id}.", "/alerts");
            return;
        }
        if (AlertActions.PutSilence(S.Engine, S.Store, AlertActions.Expired(silence, now), now, "the silence was not expired") is { } refused)
        {
            await page.MessageAsync(http, StatusCodes.Status503ServiceUnavailable, "Not expired", refused, "/alerts");
            return;
        }
        WebPage.SeeOther(http, "/alerts?done=expired");
    }

    public async Task SignInAsync(HttpContext http)
    {
        if (await ReadAsync(http) is not { } form) return;
        var token = S.Token();
        var next = WebGate.LocalPath(form["next"]);
        if (string.IsNullOrEmpty(token))
        {
            WebPage.SeeOther(http, next);
            return;
        }
        if (!SessionCookie.TokenMatches(form["token"].ToString(), token))
        {
            var csrf = page.Csrf.For(http);
            await page.WriteAsync(http, new PageFrame("Sign in", Section.None, 0), h => SignInPage.Write(h, csrf, next, "That is not this daemon's token."), StatusCodes.Status401Unauthorized);
            return;
        }
        SessionCookie.Issue(http, token, S.Time.GetUtcNow());
        WebPage.SeeOther(http, next);
    }

    public async Task SignOutAsync(HttpContext http)
    {
        if (await ReadAsync(http) is null) return;
        SessionCookie.Clear(http);
        WebPage.SeeOther(http, WebGate.SignInPath);
    }

    /// <summary>The form when it is one and its anti-forgery token holds; else the refusal is written and null returned.</summary>
    private async Task<IFormCollection?> ReadAsync(HttpContext http)
    {
        if (!http.Request.HasFormContentType)
        {
            await page.MessageAsync(http, StatusCodes.Status415UnsupportedMediaType, "Not a form", "Actions take a form (application/x-www-form-urlencoded) from this daemon's pages.");
            return null;
        }
        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            await page.MessageAsync(http, StatusCodes.Status400BadRequest, "Unreadable form", "The form could not be read (too large, or cut short).");
            return null;
        }
        if (page.Csrf.Refuse(http, form) is { } refused)
        {
            await page.MessageAsync(http, StatusCodes.Status403Forbidden, "Refused", refused);
            return null;
        }
        return form;
    }

    private async Task AlertFormAsync(HttpContext http, string fp, AlertPage.FormState state, int status)
    {
        var body = AlertPage.For(S, fp, page.Csrf.For(http), state, null, out var title);
        if (body is null) await page.MessageAsync(http, StatusCodes.Status404NotFound, "No such alert", $"No alert {fp}.", "/alerts");
        else await page.WriteAsync(http, new PageFrame(title, Section.Alerts, 0), body, status);
    }

    private static string Field(IFormCollection form, string name, bool multiline = false)
    {
        var value = form[name].ToString().Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        return multiline ? value : value.Replace('\n', ' ');
    }

    /// <summary>A field over its limit is refused with its name, never cut short silently.</summary>
    private static string? TooLong(AlertPage.FormState f) =>
        f.By.Length > MaxName ? $"Your name is longer than {MaxName} characters."
        : f.Comment.Length > MaxComment ? $"The comment is longer than {MaxComment} characters."
        : (f.Matchers?.Length ?? 0) > MaxMatchers ? $"The matchers are longer than {MaxMatchers} characters."
        : f.AckDuration.Length > 16 || f.SilenceDuration.Length > 16 ? "The duration is not a duration (e.g. 2h)."
        : null;

    private static void Remember(HttpContext http, string by) =>
        http.Response.Cookies.Append(WhoCookie, by, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = http.Request.IsHttps,
            Path = "/",
            MaxAge = TimeSpan.FromDays(90),
        });
}
