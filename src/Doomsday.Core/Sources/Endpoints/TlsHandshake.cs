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

    /// <summary>
    /// Presented certificates that <see cref="DerCertificateParser"/> could not read, as
    /// <c>#INDEX: error</c> (INDEX = position in the presented chain); they are left out of <see cref="Chain"/>.
    /// </summary>
    public IReadOnlyList<string> DecodeErrors { get; init; } = [];
}

/// <summary>One endpoint to handshake with. <see cref="Sni"/> defaults to the host when it is a name.</summary>
public sealed record EndpointTarget(string Host, int Port, string? Sni)
{
    /// <summary>The server name sent in the ClientHello: <see cref="Sni"/>, else the host when it is not an IP address, else none.</summary>
    public string? EffectiveSni => Sni ?? (System.Net.IPAddress.TryParse(Host, out _) ? null : Host);
}
