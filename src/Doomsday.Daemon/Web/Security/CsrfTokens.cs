using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Doomsday.Daemon.Web.Security;

/// <summary>
/// Anti-forgery for every form action, also on loopback without a token (a page in the operator's browser
/// must not create a silence on 127.0.0.1:9797). OWASP's "signed double-submit cookie": each browser gets a
/// random value in an HttpOnly, SameSite=Strict cookie; each form carries HMAC-SHA256(key, that value) with a
/// key that lives only in this process. A POST is accepted only when the form's token matches the cookie's
/// (constant-time), and, when the browser says where the request comes from, only from this origin
/// (<c>Sec-Fetch-Site</c>, then <c>Origin</c>). Another port on 127.0.0.1 is the same site for cookies but a
/// different origin: it can make the browser send the cookie, yet it can neither read it nor the token.
/// A restart makes a new key: forms opened before it are refused with "reload the page".
/// </summary>
internal sealed class CsrfTokens
{
    public const string CookieName = "doomsday_csrf";
    public const string FieldName = "csrf";

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    /// <summary>The token for this browser's forms; sets the cookie when it has none yet.</summary>
    public string For(HttpContext http)
    {
        var value = http.Items[CookieName] as string ?? http.Request.Cookies[CookieName];
        if (!IsWellFormed(value))
        {
            value = Base64Url(RandomNumberGenerator.GetBytes(32));
            http.Response.Cookies.Append(CookieName, value, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = http.Request.IsHttps,
                Path = "/",
                IsEssential = true,
            });
            // every form of this page carries the same value's token
            http.Items[CookieName] = value;
        }
        return Sign(value!);
    }

    /// <summary>Null when the POST may proceed; otherwise why not, for the refusal page.</summary>
    public string? Refuse(HttpContext http, IFormCollection form)
    {
        var site = http.Request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site is not ("same-origin" or "none"))
            return $"the request came from another site ({site}); actions are accepted only from this daemon's own pages";
        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length > 0 && !string.Equals(origin, $"{http.Request.Scheme}://{http.Request.Host}", StringComparison.OrdinalIgnoreCase))
            return "the request came from another origin; actions are accepted only from this daemon's own pages";
        var cookie = http.Request.Cookies[CookieName];
        var given = form[FieldName].ToString();
        if (!IsWellFormed(cookie) || given.Length == 0)
            return "the form has no anti-forgery token (cookies off, or the form was not served by this daemon); reload the page and try again";
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(cookie!)), Encoding.ASCII.GetBytes(given)))
            return "the form's anti-forgery token does not match (the daemon restarted since the page was loaded?); reload the page and try again";
        return null;
    }

    private string Sign(string value) => Base64Url(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(value)));

    private static bool IsWellFormed(string? value) => value is { Length: 43 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    internal static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
