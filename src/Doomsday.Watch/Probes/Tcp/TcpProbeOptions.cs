using Doomsday.Core.Configuration.Rules;

namespace Doomsday.Watch.Probes.Tcp;

/// <summary>A TCP connect to <see cref="Address"/> (<c>host:port</c>, IPv6 as <c>[::1]:22</c>).</summary>
public sealed record TcpProbeOptions : ProbeOptions
{
    /// <summary>The <c>kind</c> of the config file, written only here (the registry and <see cref="Kind"/> use it).</summary>
    public const string KindName = "tcp";

    public override string Kind => KindName;
    public override string Target => Address;
    [HostPort]
    public required string Address { get; init; }
}
