using Microsoft.AspNetCore.Http;

namespace Doomsday.Daemon.Web.Security;

/// <summary>
/// Headers on every page and asset. The Content-Security-Policy allows nothing but this daemon's own
/// stylesheet and script files (no inline script or style, no other origin, no plugins, no framing), so
/// text that slipped past encoding could still not run; forms may post only here. No CORS header is ever
/// sent: another origin cannot read any answer. Pages are not cached (they show live state and tokens).
/// </summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static void Apply(HttpResponse response, bool cacheable = false)
    {
        var h = response.Headers;
        h.ContentSecurityPolicy = ContentSecurityPolicy;
        h.XContentTypeOptions = "nosniff";
        h.XFrameOptions = "DENY";
        // same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on our own forms (Fetch
        // standard, "append a request Origin header"), and the anti-forgery check needs the real origin
        h["Referrer-Policy"] = "same-origin";
        h["Cross-Origin-Opener-Policy"] = "same-origin";
        h["Cross-Origin-Resource-Policy"] = "same-origin";
        h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        h.CacheControl = cacheable ? "public, max-age=31536000, immutable" : "no-store";
    }
}
