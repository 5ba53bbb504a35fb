namespace Doomsday.Watch.Notifiers;

/// <summary>
/// Last line of defence for Detail strings: removes secrets (webhook URLs, their paths, passwords) that a
/// library message might echo. Notifiers build details from status codes in the first place.
/// </summary>
internal static class Redaction
{
    public static string Scrub(string text, params string?[] secrets)
    {
        foreach (var s in secrets)
        {
            if (string.IsNullOrEmpty(s)) continue;
            text = text.Replace(s, "[redacted]", StringComparison.Ordinal);
            if (Uri.TryCreate(s, UriKind.Absolute, out var uri) && uri.PathAndQuery.Length > 1)
                text = text.Replace(uri.PathAndQuery, "/[redacted]", StringComparison.Ordinal);
        }
        return text;
    }

    /// <summary><c>host:port</c> of a URL: enough to tell receivers apart, never the secret path or credentials.</summary>
    public static string HostOf(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? $"{uri.Host}:{uri.Port}" : "(invalid url)";
}
