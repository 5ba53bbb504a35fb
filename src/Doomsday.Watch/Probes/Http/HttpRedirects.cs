namespace Doomsday.Watch.Probes.Http;

/// <summary>
/// How the http probe treats redirects (<c>redirects:</c>, docs/configuration.md). blackbox_exporter 0.23
/// follows every redirect by default (<c>http_client_config.follow_redirects: true</c>, up to 10, Go's client)
/// and judges the last answer; <c>follow_redirects: false</c> (formerly <c>no_follow_redirects: true</c>) judges
/// the redirect itself. Doomsday has both (<see cref="Follow"/>, <see cref="None"/>) and defaults to
/// <see cref="SameHost"/>: a watchdog must not report another host's answer (a login page, a parking page) as
/// its target's. Whatever the mode, the probe's configured headers are sent only to the URL's origin (scheme,
/// host and port): Go's client strips only Authorization and cookies, and only across domains.
/// </summary>
public static class HttpRedirects
{
    public const string SameHost = "sameHost";
    public const string Follow = "follow";
    public const string None = "none";

    public static readonly IReadOnlyList<string> All = [SameHost, Follow, None];

    /// <summary>At most this many redirects in a row (blackbox_exporter and Go's client stop after 10).</summary>
    public const int Max = 10;

    public static bool IsRedirect(int status) => status is 301 or 302 or 303 or 307 or 308;

    public static bool SameHostAs(Uri a, Uri b) => string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase);

    public static bool SameOrigin(Uri a, Uri b) => SameHostAs(a, b) && a.Scheme == b.Scheme && a.Port == b.Port;

    /// <summary>The method of the next request: 303, and 301/302 after a POST, become GET (as browsers and Go do); 307/308 keep it.</summary>
    public static string NextMethod(string method, int status) =>
        status == 303 || (status is 301 or 302 && method == "POST") ? (method == "HEAD" ? "HEAD" : "GET") : method;
}
