using Doomsday.Core.Certificates;

namespace Doomsday.Core.Sources.Endpoints;

/// <summary>
/// The outcome of one TLS handshake: the chain the server presented (leaf first, as sent), the
/// negotiated version, and — as data — why it failed. A server that demands a client certificate
/// still shows its chain before it hangs up: then <see cref="Chain"/> is filled and
/// <see cref="Reason"/> says the handshake did not complete.
/// </summary>
public sealed record TlsHandshakeResult(
    IReadOnlyList<CertificateInfo> Chain,
    string? TlsVersion,
    string? Reason,
    string? Message,
    TimeSpan Duration)
{
    public bool Succeeded => Reason is null;
}

/// <summary>One endpoint to handshake with. <see cref="Sni"/> defaults to the host when it is a name.</summary>
public sealed record EndpointTarget(string Host, int Port, string? Sni);
