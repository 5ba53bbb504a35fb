using System.Security.Cryptography.X509Certificates;

namespace Doomsday.Testing.Servers;

/// <summary>
/// One nginx <c>server</c> block. Sites with the same <paramref name="Listener"/> share a port (the
/// first is the default server there). <paramref name="Chain"/> is sent as given; its first
/// certificate must carry the private key; an empty chain makes a plain-HTTP listener.
/// <paramref name="Directives"/> replaces the default <c>return 200 "ok\n";</c> (e.g. <c>location</c> blocks).
/// </summary>
internal sealed record NginxSite(string Listener, string? ServerName, IReadOnlyList<X509Certificate2> Chain, string Protocols = "TLSv1.2 TLSv1.3", string? Directives = null);
