namespace Doomsday.Core.Probes.Tcp;

/// <summary>A TCP connect to <see cref="Address"/> (<c>host:port</c>, IPv6 as <c>[::1]:22</c>).</summary>
public sealed record TcpProbeOptions : ProbeOptions
{
    public override string Kind => "tcp";
    public override string Target => Address;
    public required string Address { get; init; }
}
