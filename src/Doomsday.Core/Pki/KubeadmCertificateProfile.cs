using System.Net;

namespace Doomsday.Core.Pki;

/// <summary>
/// How kubeadm makes one certificate: its subject, its issuer (a kubeadm CA name; null for a
/// self-signed CA), its usages and SANs, and its default lifetime.
/// </summary>
internal sealed record KubeadmCertificateProfile(
    string Name,
    string? Issuer,
    string CommonName,
    string? Organization,
    bool IsCa,
    bool ServerAuth,
    bool ClientAuth,
    IReadOnlyList<string> Dns,
    IReadOnlyList<IPAddress> Ips)
{
    public TimeSpan DefaultLifetime => IsCa ? TimeSpan.FromDays(3650) : TimeSpan.FromDays(365);
}
