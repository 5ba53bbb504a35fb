using Doomsday.Daemon.Web.Html;
using Doomsday.Daemon.Web.Security;

namespace Doomsday.Daemon.Web.Pages;

/// <summary><c>/signin</c>: the one field a browser needs when the daemon has a token (<c>server.bearerToken</c>).</summary>
internal static class SignInPage
{
    public static void Write(HtmlBuilder h, string csrf, string next, string? error)
    {
        h.Raw("<h1>Sign in</h1><p>This daemon asks for its bearer token (<code>server.bearerToken</code> in its config file) before it shows its pages.</p>");
        if (error is not null) h.Add($"<p class=\"notice error\" role=\"alert\">{error}</p>");
        h.Add($"<form class=\"action\" method=\"post\" action=\"/signin\"><input type=\"hidden\" name=\"{CsrfTokens.FieldName}\" value=\"{csrf}\"><input type=\"hidden\" name=\"next\" value=\"{next}\">");
        h.Raw("<label>Token<input type=\"password\" name=\"token\" required autocomplete=\"current-password\"></label>");
        h.Add($"<div><button class=\"primary\" type=\"submit\">Sign in</button></div></form><p class=\"muted\">The browser keeps a session cookie for {(int)SessionCookie.Lifetime.TotalHours} hours; the token itself is not stored.</p>");
    }
}
