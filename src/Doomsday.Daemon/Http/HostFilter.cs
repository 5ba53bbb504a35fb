using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http;

namespace Doomsday.Daemon.Http;

/// <summary>
/// Defence against DNS rebinding: a web page the operator opens can point a name it controls at 127.0.0.1
/// and then talk to the API as a same-origin page would; the one thing it cannot forge is the <c>Host</c>
/// header, which carries its own name. So a request is served only when <c>Host</c> is the address the
/// connection came in on (an IP literal, e.g. <c>127.0.0.1:9797</c>, <c>[::1]:9797</c>) or <c>localhost</c>,
/// with the listening port (absent: 80), or a name listed in <c>server.allowedHosts</c> (any port: a reverse
/// proxy may forward its own). A request without <c>Host</c> (HTTP/1.0) is served: browsers always send one.
/// Everything else is answered 421 Misdirected Request.
/// </summary>
internal sealed class HostFilter(IReadOnlyList<string> allowedNames)
{
    private readonly HashSet<string> _names = new(allowedNames.Select(Normalize), StringComparer.OrdinalIgnoreCase);

    /// <summary>Null when the request may be served; otherwise why not, for the 421 body.</summary>
    public string? Refuse(HttpContext http)
    {
        var header = http.Request.Headers.Host.ToString();
        if (header.Length == 0) return null;
        if (!TrySplit(header, out var host, out var port)) return Refusal(header, http);
        if (_names.Contains(Normalize(host))) return null;
        var localPort = http.Connection.LocalPort;
        if ((port ?? 80) != localPort) return Refusal(header, http);
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) return null;
        if (IPAddress.TryParse(host, out var ip) && http.Connection.LocalIpAddress is { } local && Same(ip, local)) return null;
        return Refusal(header, http);
    }

    private string Refusal(string header, HttpContext http)
    {
        var shown = header.Length > 100 ? header[..100] + "..." : header;
        var port = http.Connection.LocalPort.ToString(CultureInfo.InvariantCulture);
        var local = http.Connection.LocalIpAddress is { } a ? Format(a) + ":" + port : null;
        var allowed = new[] { local, "localhost:" + port }.Concat(_names).Where(n => n is not null);
        return $"Host '{shown}' is not this daemon's address (allowed: {string.Join(", ", allowed)}); to reach it by another name, add the name to server.allowedHosts";
    }

    /// <summary>HOST[:PORT], IPv6 in brackets; false when the port is not a number.</summary>
    internal static bool TrySplit(string header, out string host, out int? port)
    {
        port = null;
        string rest;
        if (header.StartsWith('['))
        {
            var close = header.IndexOf(']');
            host = close > 0 ? header[1..close] : header;
            rest = close > 0 ? header[(close + 1)..] : "";
        }
        else
        {
            var colon = header.LastIndexOf(':');
            host = colon >= 0 ? header[..colon] : header;
            rest = colon >= 0 ? header[colon..] : "";
        }
        if (rest.Length == 0) return true;
        if (rest[0] != ':' || !int.TryParse(rest.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var p)) return false;
        port = p;
        return true;
    }

    private static bool Same(IPAddress a, IPAddress b) =>
        (a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a).Equals(b.IsIPv4MappedToIPv6 ? b.MapToIPv4() : b);

    private static string Format(IPAddress a)
    {
        var ip = a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a;
        return ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{ip}]" : ip.ToString();
    }

    private static string Normalize(string name) => name.TrimEnd('.');
}
