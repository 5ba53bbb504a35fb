using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using N = Doomsday.Core.Sources.Kubeadm.KubeadmNames;

namespace Doomsday.Core.Pki;

/// <summary>
/// The stages of the kubernetes.io procedure "Manual Rotation of CA Certificates", as a kubeadm node's
/// files show them. Ordered: each includes the ones before.
/// </summary>
public enum CaRotationStage
{
    /// <summary>
    /// Steps 1–2: the new CA and key are in pki/ (ca.crt and front-proxy-ca.crt hold the old and the new CA,
    /// ca.key is the new key), and kube-controller-manager's --cluster-signing-cert-file and --client-ca-file
    /// name a copy holding the new CA alone (they cannot be bundles), while --root-ca-file names the bundle.
    /// </summary>
    NewCaDistributed = 1,

    /// <summary>
    /// Steps 5–8.2: the API server trusts both for clients (its --client-ca-file is the bundle), the
    /// kubeconfigs carry both CAs and client certificates from the new one, and the kubelet trusts both and
    /// rotated to a client certificate the controller-manager signed with the new CA.
    /// </summary>
    ClientsTrustBoth,

    /// <summary>Step 8.3: apiserver.crt, apiserver-kubelet-client.crt and front-proxy-client.crt are re-issued from the new CAs.</summary>
    ServingReissued,

    /// <summary>Step 11: the old CA is removed from ca.crt, front-proxy-ca.crt, the kubeconfigs and the controller-manager's flags.</summary>
    OldCaRemoved,
}

public sealed partial class KubeadmTree
{
    private const string SigningCopy = "ca-new.crt";
    private CaRotationState? _rotation;

    private sealed record CaRotationState(bool NewFirst, X509Certificate2 OldCa, X509Certificate2 OldFrontProxy, X509Certificate2 NewCa, X509Certificate2 NewFrontProxy)
    {
        public CaRotationStage Stage { get; set; }
    }

    /// <summary>
    /// Takes the cluster CA and the front-proxy CA through the rotation procedure up to <paramref name="stage"/>,
    /// at <paramref name="at"/>. <paramref name="newCaFirst"/> orders the two CAs in the bundles (the procedure
    /// does not say which comes first; clients accept either). Re-issued leaves keep their keys, as the
    /// procedure allows.
    /// </summary>
    public void AdvanceCaRotation(CaRotationStage stage, bool newCaFirst, DateTimeOffset at)
    {
        if (_rotation is null)
        {
            var validity = new CertificateValidity(at - TimeSpan.FromMinutes(5), at + TimeSpan.FromDays(3650));
            var caKey = _issuer.NewKey();
            var fpKey = _issuer.NewKey();
            var newCa = _issuer.IssueWith(N.Ca, validity, caKey);
            var newFp = _issuer.IssueWith(N.FrontProxyCa, validity, fpKey);
            _rotation = new CaRotationState(newCaFirst, _certificates[N.Ca], _certificates[N.FrontProxyCa], newCa, newFp);
            _issuer.ReplaceAuthority(N.Ca, newCa, caKey);
            _issuer.ReplaceAuthority(N.FrontProxyCa, newFp, fpKey);
        }
        var r = _rotation;
        while (r.Stage < stage)
        {
            r.Stage++;
            switch (r.Stage)
            {
                case CaRotationStage.NewCaDistributed:
                    WritePki("ca.crt", Bundle(r.OldCa, r.NewCa, r.NewFirst));
                    WritePki("ca.key", KeyPemOf(r.NewCa), secret: true);
                    WritePki("front-proxy-ca.crt", Bundle(r.OldFrontProxy, r.NewFrontProxy, r.NewFirst));
                    WritePki("front-proxy-ca.key", KeyPemOf(r.NewFrontProxy), secret: true);
                    WritePki(SigningCopy, Pem(r.NewCa));
                    EditControllerManager("/etc/kubernetes/pki/ca.crt", $"/etc/kubernetes/pki/{SigningCopy}");
                    Signer = (r.NewCa, _issuer.KeyOf(N.Ca));
                    break;
                case CaRotationStage.ClientsTrustBoth:
                    var both = Bundle(r.OldCa, r.NewCa, r.NewFirst);
                    foreach (var conf in new[] { N.AdminConf, N.SuperAdminConf, N.ControllerManagerConf, N.SchedulerConf })
                    {
                        Replace(conf, _issuer.Issue(conf, new CertificateValidity(at - TimeSpan.FromMinutes(5), at + TimeSpan.FromDays(365))));
                        WriteKubeconfig(conf, both);
                    }
                    WriteKubeconfig(N.KubeletConf, both);
                    if (KubeletDirectory is not null) RotateKubeletClient(at);
                    break;
                case CaRotationStage.ServingReissued:
                    foreach (var (name, file) in new[] { (N.Apiserver, "apiserver.crt"), (N.ApiserverKubeletClient, "apiserver-kubelet-client.crt"), (N.FrontProxyClient, "front-proxy-client.crt") })
                    {
                        var cert = _issuer.Issue(name, new CertificateValidity(at - TimeSpan.FromMinutes(5), at + TimeSpan.FromDays(365)));
                        Replace(name, cert);
                        WritePki(file, Pem(cert));
                    }
                    break;
                case CaRotationStage.OldCaRemoved:
                    WritePki("ca.crt", Pem(r.NewCa));
                    WritePki("front-proxy-ca.crt", Pem(r.NewFrontProxy));
                    File.Delete(Path.Combine(Root, "pki", SigningCopy));
                    EditControllerManager($"/etc/kubernetes/pki/{SigningCopy}", "/etc/kubernetes/pki/ca.crt");
                    foreach (var conf in new[] { N.AdminConf, N.SuperAdminConf, N.ControllerManagerConf, N.SchedulerConf, N.KubeletConf }) WriteKubeconfig(conf, Pem(r.NewCa));
                    Replace(N.Ca, KubeadmTreeBuilder.CopyOf(r.NewCa));
                    Replace(N.FrontProxyCa, KubeadmTreeBuilder.CopyOf(r.NewFrontProxy));
                    break;
            }
        }
    }

    private static string Pem(X509Certificate2 c) => c.ExportCertificatePem() + "\n";

    private static string Bundle(X509Certificate2 old, X509Certificate2 @new, bool newFirst) => newFirst ? Pem(@new) + Pem(old) : Pem(old) + Pem(@new);

    private static string KeyPemOf(X509Certificate2 c)
    {
        using var rsa = c.GetRSAPrivateKey();
        if (rsa is not null) return KubeadmTreeBuilder.KeyPem(rsa);
        using var ec = c.GetECDsaPrivateKey();
        return KubeadmTreeBuilder.KeyPem(ec!);
    }

    private void WritePki(string relative, string text, bool secret = false) =>
        KubeadmTreeBuilder.Write(Path.Combine(Root, "pki", relative), text, secret ? KubeadmTreeBuilder.Private : KubeadmTreeBuilder.Public);

    private void Replace(string name, X509Certificate2 certificate)
    {
        // The CAs' old certificates stay alive in the rotation state; the rest is disposed here.
        if (_certificates.Remove(name, out var old) && name is not (N.Ca or N.FrontProxyCa)) old.Dispose();
        _certificates[name] = certificate;
    }

    /// <summary>Rewrites a kubeconfig of the root with <paramref name="caPem"/> as its CA data and its current client certificate.</summary>
    private void WriteKubeconfig(string conf, string caPem)
    {
        var o = _issuer.Options;
        var profile = _issuer.Profiles[conf];
        string text;
        if (conf == N.KubeletConf)
        {
            text = KubeadmTreeFiles.Kubeconfig(KubeadmTreeFiles.Server(o.NodeIp), caPem, profile.CommonName, null, null, "/var/lib/kubelet/pki/kubelet-client-current.pem");
        }
        else
        {
            var cert = _certificates[conf];
            text = KubeadmTreeFiles.Kubeconfig(KubeadmTreeFiles.Server(o.NodeIp), caPem, profile.CommonName, Pem(cert), KeyPemOf(cert), null);
        }
        KubeadmTreeBuilder.Write(Path.Combine(Root, conf), text, KubeadmTreeBuilder.Private);
    }

    private void EditControllerManager(string from, string to)
    {
        var manifest = Path.Combine(Root, "manifests", "kube-controller-manager.yaml");
        var text = File.ReadAllText(manifest)
            .Replace($"--cluster-signing-cert-file={from}", $"--cluster-signing-cert-file={to}", StringComparison.Ordinal)
            .Replace($"--client-ca-file={from}", $"--client-ca-file={to}", StringComparison.Ordinal);
        KubeadmTreeBuilder.Write(manifest, text, KubeadmTreeBuilder.Private);
    }
}
