using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Doomsday.Daemon.Web.Security;

/// <summary>
/// The browser's proof of the bearer token, set by the sign-in form: <c>v1.EXPIRY.MAC</c>, where MAC is
/// HMAC-SHA256 keyed with the token over the expiry (Unix seconds). The token itself never travels in a
/// cookie; changing <c>server.bearerToken</c> (next start) voids every session; a session lasts
/// <see cref="Lifetime"/>. HttpOnly (no script reads it) and SameSite=Strict (no other site's page makes the
/// browser send it).
/// </summary>
internal static class SessionCookie
{
    public const string Name = "doomsday_session";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    public static void Issue(HttpContext http, string token, DateTimeOffset now)
    {
        var expires = now + Lifetime;
        var seconds = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        http.Response.Cookies.Append(Name, $"v1.{seconds}.{Mac(token, seconds)}", new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = http.Request.IsHttps,
            Path = "/",
            MaxAge = Lifetime,
            IsEssential = true,
        });
    }

    public static void Clear(HttpContext http) =>
        http.Response.Cookies.Delete(Name, new CookieOptions { Path = "/", HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = http.Request.IsHttps });

    public static bool IsValid(HttpRequest request, string token, DateTimeOffset now)
    {
        var value = request.Cookies[Name];
        if (value is null) return false;
        var parts = value.Split('.');
        if (parts.Length != 3 || parts[0] != "v1") return false;
        if (!long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expiry) || expiry < now.ToUnixTimeSeconds()) return false;
        if (expiry > (now + Lifetime).ToUnixTimeSeconds() + 60) return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Mac(token, parts[1])), Encoding.ASCII.GetBytes(parts[2]));
    }

    /// <summary>The sign-in form's comparison: constant-time, as the bearer header's.</summary>
    public static bool TokenMatches(string given, string token) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(token));

    private static string Mac(string token, string expiry) =>
        CsrfTokens.Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(token), Encoding.ASCII.GetBytes("doomsday-web-session|" + expiry)));
}
