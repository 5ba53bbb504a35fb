namespace Doomsday.Core.Sources.Cluster;

/// <summary>A cert-manager <c>Certificate</c> resource: what its status says, not the certificate itself.</summary>
public sealed record CertManagerCertificate(
    string Namespace,
    string Name,
    string? SecretName,
    DateTimeOffset? NotAfter,
    DateTimeOffset? RenewalTime,
    bool? Ready,
    string? ReadyReason,
    string? ReadyMessage);
