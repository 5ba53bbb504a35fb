using Doomsday.Daemon.Web.Pages;
using Microsoft.AspNetCore.Http;

namespace Doomsday.Daemon.Web.Security;

/// <summary>
/// The pages' side of the bearer token. With <c>server.bearerToken</c> set, the host lets a request through when
/// it carries <c>Authorization: Bearer</c>; for the pages (every path but <c>/api/</c>, <c>/metrics</c> and
/// <c>/healthz</c>) it asks this gate instead of answering 401: a valid session cookie passes, the sign-in
/// form and the stylesheet and script pass (a browser must reach them first), a browser's GET is sent to the
/// sign-in form (303, remembering where it was going), anything else is refused with 401.
/// </summary>
internal sealed class WebGate(WebPage page)
{
    public const string SignInPath = "/signin";

    public static bool IsPage(PathString path) =>
        !path.StartsWithSegments("/api") && path != "/metrics" && path != "/healthz";

    private static bool IsOpen(PathString path) => path == SignInPath || path.StartsWithSegments("/assets");

    public Task GuardAsync(HttpContext http, string token, RequestDelegate next)
    {
        var path = http.Request.Path;
        if (IsOpen(path) || SessionCookie.IsValid(http.Request, token, page.Sources.Time.GetUtcNow())) return next(http);
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
        {
            WebPage.SeeOther(http, SignInPath + "?next=" + Uri.EscapeDataString(path + http.Request.QueryString));
            return Task.CompletedTask;
        }
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return page.MessageAsync(http, StatusCodes.Status401Unauthorized, "Sign in first", "This daemon asks for its token before any action; sign in and try again.", SignInPath);
    }

    /// <summary>Where to go after signing in: a path on this daemon only (never <c>//host</c> or a URL: no open redirect).</summary>
    public static string LocalPath(string? next) =>
        next is { Length: > 0 } n && n[0] == '/' && (n.Length == 1 || (n[1] != '/' && n[1] != '\\')) && !n.Any(char.IsControl) ? n : "/";
}
