using System.Net;
using Doomsday.Core.Certificates;

namespace Doomsday.Core.Doctor;

/// <summary>Whether a certificate is valid for a host name or IP, as TLS clients decide (RFC 6125 wildcards in the leftmost label only).</summary>
public static class SanMatcher
{
    public static bool Covers(CertificateInfo certificate, string host)
    {
        host = host.Trim('[', ']');
        if (IPAddress.TryParse(host, out var ip))
        {
            return certificate.Sans.Ip.Any(s => IPAddress.TryParse(s, out var a) && a.Equals(ip));
        }
        var names = certificate.Sans.Dns.Count > 0 ? certificate.Sans.Dns : [];
        return names.Any(n => Matches(n, host));
    }

    private static bool Matches(string pattern, string host)
    {
        pattern = pattern.TrimEnd('.');
        host = host.TrimEnd('.');
        if (string.Equals(pattern, host, StringComparison.OrdinalIgnoreCase)) return true;
        if (!pattern.StartsWith("*.", StringComparison.Ordinal)) return false;
        var dot = host.IndexOf('.');
        return dot > 0 && string.Equals(pattern[1..], host[dot..], StringComparison.OrdinalIgnoreCase);
    }
}
