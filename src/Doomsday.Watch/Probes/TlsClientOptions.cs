using Doomsday.Core.Configuration.Rules;

namespace Doomsday.Watch.Probes;

/// <summary>
/// TLS settings of a probe. <see cref="Ca"/> is a PEM file to trust instead of the system store;
/// <see cref="Cert"/>/<see cref="Key"/> a client certificate; <see cref="ServerName"/> is sent as SNI
/// instead of the URL's host and the server certificate is verified against it (the Host header stays
/// the URL's, as blackbox_exporter's <c>tls_config.server_name</c>); <see cref="InsecureSkipVerify"/>
/// accepts any server certificate (the probe then still reports the served chain).
/// </summary>
public sealed record TlsClientOptions
{
    [ConfigPath]
    public string? Ca { get; init; }
    [ConfigPath]
    public string? Cert { get; init; }
    [ConfigPath]
    public string? Key { get; init; }
    public string? ServerName { get; init; }
    public bool InsecureSkipVerify { get; init; }
}
