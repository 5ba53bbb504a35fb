using Doomsday.Core.Sources.Endpoints;

namespace Doomsday.Core.Doctor;

/// <summary>
/// A control-plane component reached on its port: which certificate file its manifest says it serves
/// (null: one made in memory at start), and what the handshake actually showed.
/// </summary>
public sealed record ServedComponent(
    string Component,
    EndpointTarget Target,
    string? CertificateFile,
    string? ManifestPath,
    TlsHandshakeResult Result);
