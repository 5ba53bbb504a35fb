namespace Doomsday.Core.Probes.Tls;

/// <summary>
/// A TLS handshake with <see cref="Address"/> (reusing the endpoint source): fails when the handshake
/// fails or the served leaf is expired or not yet valid; the served chain and its expiry go to the
/// detail and the inventory.
/// </summary>
public sealed record TlsProbeOptions : ProbeOptions
{
    public override string Kind => "tls";
    public override string Target => Address;
    public required string Address { get; init; }
    public string? Sni { get; init; }
}
