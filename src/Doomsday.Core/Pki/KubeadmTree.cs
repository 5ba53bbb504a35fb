using System.Security.Cryptography.X509Certificates;

namespace Doomsday.Core.Pki;

/// <summary>
/// A kubeadm tree written by <see cref="KubeadmTreeBuilder"/>: where it is, every certificate it
/// wrote (by kubeadm name, private key attached), and a way to issue more from the same CAs and keys.
/// Dispose it to drop the keys; the files stay.
/// </summary>
public sealed partial class KubeadmTree : IDisposable
{
    private readonly KubeadmIssuer _issuer;
    private readonly Dictionary<string, X509Certificate2> _certificates;

    internal KubeadmTree(string root, string? kubeletDirectory, KubeadmIssuer issuer, Dictionary<string, X509Certificate2> certificates)
    {
        Root = root;
        KubeletDirectory = kubeletDirectory;
        _issuer = issuer;
        _certificates = certificates;
    }

    /// <summary>The directory that plays /etc/kubernetes.</summary>
    public string Root { get; }

    /// <summary>The directory that plays /var/lib/kubelet, when one was asked for.</summary>
    public string? KubeletDirectory { get; }

    /// <summary>Every certificate written, by kubeadm name (<c>ca</c>, <c>apiserver</c>, <c>admin.conf</c>, ...).</summary>
    public IReadOnlyDictionary<string, X509Certificate2> Certificates => _certificates;

    /// <summary>
    /// Another certificate like the one named <paramref name="name"/> (same subject, SANs, issuer and
    /// key) with other dates: what a component still serves after the file was renewed, for example.
    /// Not written anywhere; the caller disposes it.
    /// </summary>
    public X509Certificate2 Issue(string name, CertificateValidity validity) => _issuer.Issue(name, validity);

    public void Dispose()
    {
        foreach (var c in _certificates.Values) c.Dispose();
        _issuer.Dispose();
    }
}
