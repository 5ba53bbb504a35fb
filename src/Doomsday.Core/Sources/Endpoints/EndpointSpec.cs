using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Doomsday.Core.Sources.Endpoints;

/// <summary>
/// Parses the <c>--endpoint</c> syntax: <c>HOST:PORT</c>, <c>[IPv6]:PORT</c>, optionally followed by
/// <c>,sni=NAME</c>. IPv6 literals must be bracketed (<c>::1:443</c> is ambiguous). The error text is
/// shown to users next to the <c>bad_endpoint</c> reason.
/// </summary>
public static class EndpointSpec
{
    public const string Syntax = "HOST:PORT[,sni=NAME]";

    public static bool TryParse(string? spec, out EndpointTarget? target, out string? error)
    {
        target = null;
        var text = spec?.Trim() ?? "";
        if (text.Length == 0) return Fail("empty endpoint", out error);

        var parts = text.Split(',');
        string? sni = null;
        foreach (var option in parts.Skip(1))
        {
            var eq = option.IndexOf('=');
            var key = (eq < 0 ? option : option[..eq]).Trim();
            var value = eq < 0 ? "" : option[(eq + 1)..].Trim();
            if (!key.Equals("sni", StringComparison.OrdinalIgnoreCase)) return Fail($"unknown option '{option.Trim()}' (expected {Syntax})", out error);
            if (sni is not null) return Fail("sni given twice", out error);
            if (Uri.CheckHostName(value) != UriHostNameType.Dns) return Fail($"sni '{value}' is not a DNS name", out error);
            sni = value;
        }

        var address = parts[0].Trim();
        string host;
        string portText;
        if (address.StartsWith('['))
        {
            var close = address.IndexOf(']');
            if (close < 0) return Fail($"'{address}': missing ']' after the IPv6 address", out error);
            host = address[1..close];
            if (!IPAddress.TryParse(host, out var ip) || ip.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return Fail($"'{host}' is not an IPv6 address", out error);
            }
            var rest = address[(close + 1)..];
            if (!rest.StartsWith(':')) return Fail($"'{address}': missing port (expected {Syntax})", out error);
            portText = rest[1..];
        }
        else
        {
            var colon = address.LastIndexOf(':');
            if (colon < 0) return Fail($"'{address}': missing port (expected {Syntax})", out error);
            host = address[..colon];
            portText = address[(colon + 1)..];
            if (host.Contains(':')) return Fail($"'{address}': put IPv6 addresses in brackets, e.g. [::1]:443", out error);
            if (host.Length == 0) return Fail($"'{address}': missing host (expected {Syntax})", out error);
            if (Uri.CheckHostName(host) is not (UriHostNameType.Dns or UriHostNameType.IPv4))
            {
                return Fail($"'{host}' is not a host name or IPv4 address", out error);
            }
        }

        if (portText.Length == 0) return Fail($"'{address}': missing port (expected {Syntax})", out error);
        if (!portText.All(char.IsAsciiDigit)
            || !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535)
        {
            return Fail($"'{portText}' is not a port (1-65535)", out error);
        }

        target = new EndpointTarget(host, port, sni);
        error = null;
        return true;
    }

    private static bool Fail(string message, out string? error)
    {
        error = message;
        return false;
    }
}
