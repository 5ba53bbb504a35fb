using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Doomsday.Core.Sources.Kubeadm;

namespace Doomsday.Core.Pki;

/// <summary>
/// The kubelet's certificates and configuration file, written as the real components write them (each
/// convention read in their source):
/// <list type="bullet">
/// <item>client certificates are signed by kube-controller-manager's CSR signer
/// (<c>pkg/controller/certificates/signer</c>, <c>authority/policies.go</c>): notBefore 5 minutes before
/// signing, notAfter that plus <c>--cluster-signing-duration</c> (one year) but never past the CA's,
/// a random 128-bit serial, key usage digitalSignature, extended usage clientAuth, CA:false, for a P-256
/// key the kubelet generates (client-go <c>util/certificate</c> manager);</item>
/// <item>client-go's file store writes each one with its key (<c>EC PRIVATE KEY</c>) into
/// <c>kubelet-client-&lt;yyyy-MM-dd-HH-mm-ss&gt;.pem</c> (mode 0600) and points
/// <c>kubelet-client-current.pem</c> at it with an absolute link;</item>
/// <item>the self-signed serving pair is client-go's <c>GenerateSelfSignedCertKey(hostname)</c>, called by the
/// kubelet's <c>InitializeTLS</c> when <c>kubelet.crt</c>/<c>kubelet.key</c> cannot be read: two RSA-2048
/// keys, valid from an hour before for one year, CA <c>HOST-ca@UNIX</c> (serial 1) and leaf <c>HOST@UNIX</c>
/// (serial 2, serverAuth, the host as DNS name or IP), written leaf first then CA, the key as
/// <c>RSA PRIVATE KEY</c>;</item>
/// <item><c>config.yaml</c> is the KubeletConfiguration kubeadm writes (<c>rotateCertificates: true</c>,
/// client CA <c>/etc/kubernetes/pki/ca.crt</c>).</item>
/// </list>
/// </summary>
internal static class KubeletPki
{
    public const string CurrentClient = "kubelet-client-current.pem";

    /// <summary>client-go's file store name for a pair written at <paramref name="at"/> (the node's clock; kubeadm nodes run UTC).</summary>
    public static string ClientFileName(DateTimeOffset at) => $"kubelet-client-{at.UtcDateTime:yyyy-MM-dd-HH-mm-ss}.pem";

    /// <summary>The controller-manager's default <c>--cluster-signing-duration</c>.</summary>
    public static readonly TimeSpan SigningDuration = TimeSpan.FromHours(8760);

    private static readonly TimeSpan Backdate = TimeSpan.FromMinutes(5);

    /// <summary>Signs a kubelet client certificate for <paramref name="key"/> as the controller-manager's signer does at <paramref name="signedAt"/>.</summary>
    /// <param name="validity">Other dates, for a test that needs them; the signer's otherwise.</param>
    public static X509Certificate2 SignClient(X509Certificate2 ca, AsymmetricAlgorithm caKey, string nodeName, DateTimeOffset signedAt, ECDsa key,
        CertificateValidity? validity = null)
    {
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName($"system:node:{nodeName}");
        subject.AddOrganizationName("system:nodes");
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var notBefore = signedAt - Backdate;
        var notAfter = signedAt + SigningDuration - Backdate;
        if (notAfter > ca.NotAfter) notAfter = ca.NotAfter;
        var dates = validity ?? new CertificateValidity(notBefore, notAfter);
        using var signed = request.Create(ca.SubjectName, Generator(caKey), dates.NotBefore, dates.NotAfter, RandomSerial());
        return signed.CopyWithPrivateKey(key);
    }

    /// <summary>Writes a client certificate and its key as the file store does, and points <c>-current</c> at it when asked.</summary>
    /// <returns>The dated file as written (under <paramref name="kubeletDir"/>).</returns>
    public static string StoreClient(string kubeletDir, DateTimeOffset at, X509Certificate2 certificate, ECDsa key, bool link = true)
    {
        var pki = Path.Combine(kubeletDir, "pki");
        var name = ClientFileName(at);
        var file = Path.Combine(pki, name);
        KubeadmTreeBuilder.Write(file, certificate.ExportCertificatePem() + "\n" + key.ExportECPrivateKeyPem() + "\n", KubeadmTreeBuilder.Private);
        if (link) PointCurrentAt(kubeletDir, name);
        return file;
    }

    /// <summary>Points <c>kubelet-client-current.pem</c> at a dated file by the absolute path it has on the node.</summary>
    public static void PointCurrentAt(string kubeletDir, string fileName)
    {
        var current = Path.Combine(kubeletDir, "pki", CurrentClient);
        if (File.Exists(current) || new FileInfo(current).LinkTarget is not null) File.Delete(current);
        File.CreateSymbolicLink(current, $"{KubeadmLayout.DefaultKubeletDir}/pki/{fileName}");
    }

    /// <summary>
    /// The two RSA-2048 keys of the serving pair. Made once per process and shared by every tree: an RSA key
    /// costs seconds to generate on a loaded machine, and nothing compares kubelet serving keys across nodes.
    /// </summary>
    private static readonly Lazy<(RSA Ca, RSA Leaf)> ServingKeys = new(() => (RSA.Create(2048), RSA.Create(2048)));

    /// <summary>The kubelet's self-signed serving pair for <paramref name="host"/>, made at <paramref name="at"/>, with its key.</summary>
    public static (X509Certificate2 Leaf, X509Certificate2 Ca, RSA LeafKey) SelfSignedServing(string host, DateTimeOffset at, CertificateValidity? validity = null)
    {
        var (caKey, leafKey) = ServingKeys.Value;
        var validFrom = at - TimeSpan.FromHours(1);
        var dates = validity ?? new CertificateValidity(validFrom, validFrom + TimeSpan.FromDays(365));
        var stamp = at.ToUnixTimeSeconds();

        var caName = new X500DistinguishedNameBuilder();
        caName.AddCommonName($"{host}-ca@{stamp}");
        var caRequest = new CertificateRequest(caName.Build(), caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, critical: true));
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, critical: true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, critical: false));
        using var caPublic = caRequest.Create(caRequest.SubjectName, X509SignatureGenerator.CreateForRSA(caKey, RSASignaturePadding.Pkcs1), dates.NotBefore, dates.NotAfter, [1]);
        var ca = caPublic.CopyWithPrivateKey(caKey);

        var leafName = new X500DistinguishedNameBuilder();
        leafName.AddCommonName($"{host}@{stamp}");
        var leafRequest = new CertificateRequest(leafName.Build(), leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DigitalSignature, critical: true));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        leafRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var san = new SubjectAlternativeNameBuilder();
        if (IPAddress.TryParse(host, out var ip)) san.AddIpAddress(ip);
        else san.AddDnsName(host);
        leafRequest.CertificateExtensions.Add(san.Build());
        using var leafPublic = leafRequest.Create(ca.SubjectName, X509SignatureGenerator.CreateForRSA(caKey, RSASignaturePadding.Pkcs1), dates.NotBefore, dates.NotAfter, [2]);
        return (leafPublic.CopyWithPrivateKey(leafKey), ca, leafKey);
    }

    /// <summary>Writes the serving pair as the kubelet does: leaf then CA in kubelet.crt, the leaf's key in kubelet.key.</summary>
    public static void StoreServing(string kubeletDir, X509Certificate2 leaf, X509Certificate2 ca, RSA leafKey)
    {
        var pki = Path.Combine(kubeletDir, "pki");
        KubeadmTreeBuilder.Write(Path.Combine(pki, "kubelet.crt"), leaf.ExportCertificatePem() + "\n" + ca.ExportCertificatePem() + "\n", KubeadmTreeBuilder.Public);
        KubeadmTreeBuilder.Write(Path.Combine(pki, "kubelet.key"), leafKey.ExportRSAPrivateKeyPem() + "\n", KubeadmTreeBuilder.Private);
    }

    /// <summary>The KubeletConfiguration kubeadm writes to /var/lib/kubelet/config.yaml (the fields doctor and people read).</summary>
    public static void StoreConfig(string kubeletDir, KubeadmTreeOptions o, bool controlPlane)
    {
        var sb = new StringBuilder();
        sb.Append("apiVersion: kubelet.config.k8s.io/v1beta1\nauthentication:\n  anonymous:\n    enabled: false\n  webhook:\n    cacheTTL: 0s\n    enabled: true\n");
        sb.Append("  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt\nauthorization:\n  mode: Webhook\n");
        sb.Append("cgroupDriver: systemd\nclusterDNS:\n- ").Append(ClusterDns(o.ServiceIp)).Append('\n');
        sb.Append("clusterDomain: ").Append(o.DnsDomain).Append('\n');
        sb.Append("healthzBindAddress: 127.0.0.1\nhealthzPort: 10248\nkind: KubeletConfiguration\n");
        sb.Append("rotateCertificates: ").Append(o.RotateCertificates ? "true" : "false").Append('\n');
        sb.Append("runtimeRequestTimeout: 0s\n");
        if (controlPlane) sb.Append("staticPodPath: /etc/kubernetes/manifests\n");
        sb.Append("syncFrequency: 0s\nvolumeStatsAggPeriod: 0s\n");
        KubeadmTreeBuilder.Write(Path.Combine(kubeletDir, "config.yaml"), sb.ToString(), KubeadmTreeBuilder.Public);
    }

    /// <summary>kubeadm's cluster DNS address: the tenth address of the service range (10.96.0.10 for 10.96.0.1).</summary>
    private static IPAddress ClusterDns(IPAddress serviceIp)
    {
        var bytes = serviceIp.GetAddressBytes();
        bytes[^1] = (byte)(bytes[^1] + 9);
        return new IPAddress(bytes);
    }

    private static X509SignatureGenerator Generator(AsymmetricAlgorithm key) => key is RSA rsa
        ? X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1)
        : X509SignatureGenerator.CreateForECDsa((ECDsa)key);

    /// <summary>A random positive serial of up to 128 bits, as the signer draws one (below 2^128).</summary>
    private static byte[] RandomSerial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        if (serial[0] == 0) serial[0] = 0x01;
        return serial;
    }
}
