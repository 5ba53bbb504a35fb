using System.Net.Http.Headers;
using System.Text;

namespace Doomsday.Core.Secrets;

/// <summary>
/// The secrets a URL can carry, in one place: how they are hidden wherever a URL is shown (config check
/// --show, error messages, logs, ToString) and how they are sent. Public contract: docs/configuration.md,
/// "Secrets in URLs".
/// <list type="bullet">
/// <item>User info (<c>https://user:pass@host</c>): shown as <c>user:&lt;redacted&gt;</c> (user info without a
/// password, often a token, as <c>&lt;redacted&gt;</c>), sent as HTTP basic authentication, as Go's net/http
/// sends it for Prometheus, Alertmanager and blackbox_exporter (unless the request sets its own
/// <c>Authorization</c>).</item>
/// <item>Query parameters whose name looks like a credential (<see cref="IsSecretParameter"/>): the value is
/// shown as <c>&lt;redacted&gt;</c>, and sent as written.</item>
/// </list>
/// </summary>
public static class UrlSecrets
{
    public const string Redacted = "<redacted>";

    /// <summary>Parts of a query parameter name (case and <c>-</c>/<c>_</c> ignored) that mark its value secret.</summary>
    public static readonly IReadOnlyList<string> SecretParameterParts =
        ["token", "secret", "pass", "pwd", "key", "auth", "sig", "credential", "session"];

    public static bool IsSecretParameter(string name)
    {
        var folded = name.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();
        return SecretParameterParts.Any(part => folded.Contains(part, StringComparison.Ordinal));
    }

    /// <summary>
    /// The URL as it may be shown. Works on the text (not <see cref="Uri"/>), so a URL that does not parse, or
    /// still holds <c>${VAR}</c>, is redacted too; anything else is left as written.
    /// </summary>
    public static string Redact(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        var authorityStart = scheme < 0 ? 0 : scheme + 3;
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0) authorityEnd = url.Length;
        var sb = new StringBuilder(url.Length);
        var at = scheme >= 0 ? url.LastIndexOf('@', authorityEnd - 1, authorityEnd - authorityStart) : -1;
        if (at >= authorityStart)
        {
            var userInfo = url.AsSpan(authorityStart, at - authorityStart);
            var colon = userInfo.IndexOf(':');
            sb.Append(url, 0, authorityStart);
            if (colon >= 0) sb.Append(userInfo[..colon]).Append(':').Append(Redacted);
            else sb.Append(Redacted);
            sb.Append(url, at, authorityEnd - at);
        }
        else
        {
            sb.Append(url, 0, authorityEnd);
        }
        var query = url.IndexOf('?', authorityEnd);
        var fragment = url.IndexOf('#', authorityEnd);
        if (query < 0 || (fragment >= 0 && fragment < query))
        {
            sb.Append(url, authorityEnd, url.Length - authorityEnd);
            return sb.ToString();
        }
        var queryEnd = fragment < 0 ? url.Length : fragment;
        sb.Append(url, authorityEnd, query + 1 - authorityEnd);
        var first = true;
        foreach (var pair in url[(query + 1)..queryEnd].Split('&'))
        {
            if (!first) sb.Append('&');
            first = false;
            var eq = pair.IndexOf('=');
            var name = eq < 0 ? pair : pair[..eq];
            sb.Append(eq >= 0 && IsSecretParameter(Uri.UnescapeDataString(name)) ? name + "=" + Redacted : pair);
        }
        sb.Append(url, queryEnd, url.Length - queryEnd);
        return sb.ToString();
    }

    /// <summary>
    /// Splits the user info off <paramref name="uri"/>: the URL to request (without it) and the basic
    /// authentication it stands for (user and password percent-decoded, UTF-8), or null when there is none.
    /// </summary>
    public static (Uri Target, AuthenticationHeaderValue? Basic) SplitCredentials(Uri uri)
    {
        if (!uri.IsAbsoluteUri || uri.UserInfo.Length == 0) return (uri, null);
        var colon = uri.UserInfo.IndexOf(':');
        var user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
        var password = colon < 0 ? "" : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        var target = new UriBuilder(uri) { UserName = "", Password = "" }.Uri;
        return (target, new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password))));
    }

    /// <summary>
    /// Applies <see cref="SplitCredentials"/> to a request: its URI loses the user info, and it carries basic
    /// authentication unless it already has an <c>Authorization</c> header (a configured header wins, as in Go).
    /// </summary>
    public static void SendAsBasicAuth(HttpRequestMessage request)
    {
        if (request.RequestUri is not { } uri) return;
        var (target, basic) = SplitCredentials(uri);
        if (basic is null) return;
        request.RequestUri = target;
        request.Headers.Authorization ??= basic;
    }
}
