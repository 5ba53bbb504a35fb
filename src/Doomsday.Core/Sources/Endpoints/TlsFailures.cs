using System.Text.RegularExpressions;

namespace Doomsday.Core.Sources.Endpoints;

/// <summary>
/// A failed TLS handshake said plainly, instead of .NET's exception chain ("Cannot determine the frame size
/// or a corrupted frame was received", "Authentication failed, see inner exception"). The cases are what the
/// peer did, as the exception messages of SslStream (System.Net.Security resources) and OpenSSL's error
/// strings (ssl/ssl_err.c: "wrong version number", "sslv3 alert handshake failure") tell it; the TLS alert,
/// when one came, is named as RFC 8446 §6 names it. Anything else: the chain's messages without the .NET
/// boilerplate. Never a type name or a stack trace.
/// </summary>
public static partial class TlsFailures
{
    public static string Describe(Exception e)
    {
        var messages = Messages(e);
        var all = string.Join(" | ", messages);
        if (Alert(all) is { } alert) return $"the server refused the handshake with the TLS alert '{alert}'{AlertHint(alert)}";
        if (Has(all, "corrupted frame", "unexpected packet format", "wrong version number", "http request", "packet length too long", "record layer failure"))
            return "the server did not answer with TLS (a plain-text service, such as HTTP, on that port?)";
        if (Has(all, "unexpected eof", "0 bytes from the transport stream", "connection reset by peer", "an existing connection was forcibly closed"))
            return "the server closed the connection during the TLS handshake (it may require a client certificate, another TLS version or another server name)";
        if (Has(all, "remote certificate is invalid")) return "the server's certificate was rejected: " + Last(messages);
        return messages.Count == 0 ? "the TLS handshake failed" : "the TLS handshake failed: " + string.Join(": ", messages);
    }

    /// <summary>The messages of the chain that say something: no "see inner exception", no OpenSSL error-code prefix.</summary>
    private static List<string> Messages(Exception e)
    {
        var parts = new List<string>();
        for (var x = e; x is not null; x = x.InnerException)
        {
            var m = OpenSslPrefix().Replace(x.Message.Trim(), "").Trim().TrimEnd('.');
            if (m.Length == 0 || m.Contains("see inner exception", StringComparison.OrdinalIgnoreCase) || m.StartsWith("SSL Handshake failed with OpenSSL error", StringComparison.Ordinal)) continue;
            if (!parts.Contains(m)) parts.Add(m);
        }
        return parts;
    }

    /// <summary>The alert's RFC 8446 name in words: 'HandshakeFailure' (SslStream) and "sslv3 alert handshake failure" (OpenSSL) both give "handshake failure".</summary>
    private static string? Alert(string text)
    {
        var dotnet = DotnetAlert().Match(text);
        if (dotnet.Success) return CamelWords().Replace(dotnet.Groups[1].Value, " $1").Trim().ToLowerInvariant();
        var openssl = OpenSslAlert().Match(text);
        return openssl.Success ? openssl.Groups[1].Value.Trim().ToLowerInvariant() : null;
    }

    private static string AlertHint(string alert) => alert switch
    {
        "handshake failure" => " (no TLS version or cipher in common, or it requires a client certificate)",
        "certificate required" or "bad certificate" or "unknown ca" or "certificate unknown" => " (it wants a client certificate it trusts)",
        "protocol version" => " (no TLS version in common)",
        "unrecognized name" => " (it does not serve the server name sent: set sni=)",
        _ => "",
    };

    private static bool Has(string text, params string[] needles) => needles.Any(n => text.Contains(n, StringComparison.OrdinalIgnoreCase));

    private static string Last(List<string> messages) => messages.Count == 0 ? "" : messages[^1];

    [GeneratedRegex(@"^error:[0-9A-Fa-f]+:[^:]*:[^:]*:")]
    private static partial Regex OpenSslPrefix();

    [GeneratedRegex(@"TLS alert: '([A-Za-z]+)'")]
    private static partial Regex DotnetAlert();

    [GeneratedRegex(@"(?:sslv3|tlsv1[0-3]?) alert ([a-z ]+)", RegexOptions.IgnoreCase)]
    private static partial Regex OpenSslAlert();

    [GeneratedRegex("([A-Z])")]
    private static partial Regex CamelWords();
}
