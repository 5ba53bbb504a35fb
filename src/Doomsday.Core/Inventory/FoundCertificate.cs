using Doomsday.Core.Certificates;

namespace Doomsday.Core.Inventory;

/// <summary>One certificate and where it was found, with what a source could learn about its role.</summary>
public sealed record FoundCertificate(CertificateInfo Certificate, SourceRef Source)
{
    /// <summary>kubeadm's name for it (<c>apiserver</c>, <c>etcd-peer</c>, <c>admin.conf</c>, <c>ca</c>) when known.</summary>
    public string? Name { get; init; }

    /// <summary>kubeadm's name of the CA that should have issued it (<c>ca</c>, <c>etcd-ca</c>, <c>front-proxy-ca</c>).</summary>
    public string? Authority { get; init; }

    /// <summary>True/false when a private key was found with the certificate; null when none was.</summary>
    public bool? KeyMatches { get; init; }

    /// <summary>Who uses it, e.g. <c>kube-apiserver --tls-cert-file</c>.</summary>
    public IReadOnlyList<string> UsedBy { get; init; } = [];

    /// <summary>For endpoint chains: the negotiated TLS version (<c>TLSv1.3</c>).</summary>
    public string? TlsVersion { get; init; }
}

/// <summary>Something that could not be read, as data. <see cref="Reason"/> is one of <see cref="ReasonCodes"/>.</summary>
public sealed record SourceError(SourceRef Source, string Reason, string Message)
{
    /// <summary>The HTTP status a Kubernetes API server answered the failed read with, when it answered.</summary>
    public int? HttpStatus { get; init; }
}
