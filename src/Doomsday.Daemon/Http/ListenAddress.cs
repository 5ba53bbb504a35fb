using System.Globalization;
using System.Net;

namespace Doomsday.Daemon.Http;

/// <summary>
/// <c>server.listen</c>: <c>HOST:PORT</c>, IPv6 as <c>[::1]:9797</c>, <c>localhost</c> meaning the
/// loopback addresses. Port 0 picks a free port (tests).
/// </summary>
public sealed record ListenAddress(string Host, IPAddress Address, int Port)
{
    public const string Default = "127.0.0.1:9797";

    public bool IsLoopback => IPAddress.IsLoopback(Address);

    /// <summary>The base URL a client on this machine uses to reach it (a wildcard address is reached on loopback).</summary>
    public string ClientUrl(int? boundPort = null)
    {
        var address = Address.Equals(IPAddress.Any) ? IPAddress.Loopback : Address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback : Address;
        var host = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        return $"http://{host}:{(boundPort ?? Port).ToString(CultureInfo.InvariantCulture)}";
    }

    public static bool TryParse(string? text, out ListenAddress? address, out string error)
    {
        address = null;
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "listen address is empty (expected HOST:PORT, e.g. 127.0.0.1:9797)";
            return false;
        }
        string host, port;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0 || close + 1 >= text.Length || text[close + 1] != ':')
            {
                error = $"'{text}' is not HOST:PORT (IPv6 as [::1]:9797)";
                return false;
            }
            host = text[1..close];
            port = text[(close + 2)..];
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon <= 0 || text.IndexOf(':') != colon)
            {
                error = $"'{text}' is not HOST:PORT (IPv6 as [::1]:9797)";
                return false;
            }
            host = text[..colon];
            port = text[(colon + 1)..];
        }
        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p > 65535)
        {
            error = $"'{port}' in '{text}' is not a port number";
            return false;
        }
        IPAddress? ip;
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) ip = IPAddress.Loopback;
        else if (!IPAddress.TryParse(host, out ip))
        {
            error = $"'{host}' in '{text}' is not an IP address or localhost (the daemon binds addresses, not names)";
            return false;
        }
        address = new ListenAddress(host, ip, p);
        return true;
    }
}
