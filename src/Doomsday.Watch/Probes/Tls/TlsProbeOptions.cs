using Doomsday.Core.Configuration.Rules;

namespace Doomsday.Watch.Probes.Tls;

/// <summary>
/// A TLS handshake with <see cref="Address"/>, verified as blackbox_exporter's <c>tcp</c> prober with
/// <c>tls: true</c> verifies it: against <see cref="TlsClientOptions.Ca"/> when given, else the system
/// store, for the name <see cref="TlsClientOptions.ServerName"/> (else <see cref="Sni"/>, else the host);
/// <c>tls.insecureSkipVerify</c> turns trust and name checks off. Fails when the handshake or the check
/// fails, or the served leaf is expired or not yet valid; the served chain and its expiry go to the detail
/// and the metrics.
/// </summary>
public sealed record TlsProbeOptions : ProbeOptions
{
    /// <summary>The <c>kind</c> of the config file, written only here (the registry and <see cref="Kind"/> use it).</summary>
    public const string KindName = "tls";

    public override string Kind => KindName;
    public override string Target => Address;
    [HostPort]
    public required string Address { get; init; }
    /// <summary>The server name sent, when <c>tls.serverName</c> does not say it.</summary>
    public string? Sni { get; init; }
    public TlsClientOptions? Tls { get; init; }
}
