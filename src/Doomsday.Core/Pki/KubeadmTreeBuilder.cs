using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Doomsday.Core.Sources.Kubeadm;
using N = Doomsday.Core.Sources.Kubeadm.KubeadmNames;

namespace Doomsday.Core.Pki;

/// <summary>
/// Writes a kubeadm-shaped control-plane tree into a directory, as <c>kubeadm init</c> would leave
/// /etc/kubernetes: the three CAs and their leaves under pki/ (with keys, 0600), sa.key/sa.pub, the
/// five kubeconfigs, and the four static pod manifests with kubeadm's flags. Paths written inside
/// files are the real ones (/etc/kubernetes/..., /var/lib/kubelet/...), so the tree reads as a copy
/// of a node's tree. Used by <c>doomsday demo</c>, tests and benchmarks.
/// </summary>
public static class KubeadmTreeBuilder
{
    /// <summary>Validity key of the kubelet's self-signed serving certificate (<c>/var/lib/kubelet/pki/kubelet.crt</c>).</summary>
    public const string KubeletServing = "kubelet.crt";

    /// <summary>Key of the kubelet's current client certificate (what <c>kubelet-client-current.pem</c> points at).</summary>
    public const string KubeletClient = "kubelet-client-current.pem";

    /// <summary>Key of the root CA that issues the three kubeadm CAs in <see cref="KubeadmCaLayout.Intermediate"/> layouts (kept off the node).</summary>
    public const string RootCa = "root-ca";

    private const string KubeletClientFile = KubeadmLayout.DefaultKubeletDir + "/pki/kubelet-client-current.pem";
    internal const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    internal const UnixFileMode Public = Private | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static KubeadmTree Build(string root, KubeadmTreeOptions options)
    {
        var issuer = new KubeadmIssuer(options);
        try
        {
            foreach (var p in Profiles(options)) issuer.Profiles[p.Name] = p;
            var written = new Dictionary<string, X509Certificate2>(StringComparer.Ordinal);
            var pki = Path.Combine(root, "pki");

            foreach (var entry in N.PkiFiles)
            {
                var profile = issuer.Profiles[entry.Name];
                var cert = profile.IsCa ? CopyOf(issuer.Authority(entry.Name)) : issuer.Issue(entry.Name, issuer.ValidityOf(profile));
                written[entry.Name] = cert;
                var basePath = Path.Combine(pki, entry.RelativePath[..^".crt".Length]);
                var chain = profile.IsCa && options.CaLayout == KubeadmCaLayout.IntermediateBundle ? issuer.Authority(RootCa).ExportCertificatePem() + "\n" : "";
                Write(basePath + ".crt", cert.ExportCertificatePem() + "\n" + chain, Public);
                if (!(options.ExternalCa && entry.Name == N.Ca)) Write(basePath + ".key", KeyPem(issuer.KeyOf(entry.Name)), Private);
            }
            var sa = issuer.KeyOf("sa");
            Write(Path.Combine(pki, "sa.key"), KeyPem(sa), Private);
            Write(Path.Combine(pki, "sa.pub"), sa.ExportSubjectPublicKeyInfoPem() + "\n", Public);

            var server = KubeadmTreeFiles.Server(options.NodeIp);
            var caPem = written[N.Ca].ExportCertificatePem() + "\n";
            foreach (var conf in new[] { N.AdminConf, N.SuperAdminConf, N.ControllerManagerConf, N.SchedulerConf, N.KubeletConf })
            {
                var profile = issuer.Profiles[conf];
                // kubelet.conf's own certificate is what the kubelet starts from; Validity[kubelet.conf] dates the one it rotated to.
                var started = options.KubeletStartedAt ?? options.Now;
                var cert = issuer.Issue(conf, conf == N.KubeletConf && options.KubeletDirectory is not null
                    ? new CertificateValidity(started - TimeSpan.FromMinutes(5), started + TimeSpan.FromDays(365))
                    : issuer.ValidityOf(profile));
                written[conf] = cert;
                var certPem = cert.ExportCertificatePem() + "\n";
                var keyPem = KeyPem(issuer.KeyOf(conf));
                var text = conf == N.KubeletConf
                    ? KubeadmTreeFiles.Kubeconfig(server, caPem, profile.CommonName, null, null, KubeletClientFile)
                    : KubeadmTreeFiles.Kubeconfig(server, caPem, profile.CommonName, certPem, keyPem, null);
                Write(Path.Combine(root, conf), text, Private);
            }

            var tree = new KubeadmTree(root, options.KubeletDirectory, issuer, written);
            if (options.KubeletDirectory is not null) tree.StartKubelet(controlPlane: true);

            var manifests = Path.Combine(root, "manifests");
            Write(Path.Combine(manifests, "etcd.yaml"), KubeadmTreeFiles.Etcd(options), Private);
            Write(Path.Combine(manifests, "kube-apiserver.yaml"), KubeadmTreeFiles.ApiServer(options), Private);
            Write(Path.Combine(manifests, "kube-controller-manager.yaml"), KubeadmTreeFiles.ControllerManager(options), Private);
            Write(Path.Combine(manifests, "kube-scheduler.yaml"), KubeadmTreeFiles.Scheduler(options), Private);

            return tree;
        }
        catch
        {
            issuer.Dispose();
            throw;
        }
    }

    private static IEnumerable<KubeadmCertificateProfile> Profiles(KubeadmTreeOptions o)
    {
        IPAddress[] none = [];
        string[] noDns = [];
        var node = o.NodeName;
        // "Single root CA" (kubernetes.io, PKI certificates and requirements): the three CAs are intermediates of one root.
        var caIssuer = o.CaLayout == KubeadmCaLayout.SelfSigned ? null : RootCa;
        if (caIssuer is not null) yield return new(RootCa, null, "kubernetes-root-ca", null, true, false, false, noDns, none);
        yield return new(N.Ca, caIssuer, "kubernetes", null, true, false, false, ["kubernetes"], none);
        yield return new(N.EtcdCa, caIssuer, "etcd-ca", null, true, false, false, ["etcd-ca"], none);
        yield return new(N.FrontProxyCa, caIssuer, "front-proxy-ca", null, true, false, false, ["front-proxy-ca"], none);
        yield return new(N.Apiserver, N.Ca, "kube-apiserver", null, false, true, false,
            [node, "kubernetes", "kubernetes.default", "kubernetes.default.svc", $"kubernetes.default.svc.{o.DnsDomain}"],
            [o.ServiceIp, o.NodeIp]);
        yield return new(N.ApiserverKubeletClient, N.Ca, "kube-apiserver-kubelet-client", "kubeadm:cluster-admins", false, false, true, noDns, none);
        yield return new(N.ApiserverEtcdClient, N.EtcdCa, "kube-apiserver-etcd-client", null, false, false, true, noDns, none);
        yield return new(N.FrontProxyClient, N.FrontProxyCa, "front-proxy-client", null, false, false, true, noDns, none);
        string[] etcdDns = [node, "localhost"];
        IPAddress[] etcdIps = [o.NodeIp, IPAddress.Loopback, IPAddress.IPv6Loopback];
        yield return new(N.EtcdServer, N.EtcdCa, node, null, false, true, true, etcdDns, etcdIps);
        yield return new(N.EtcdPeer, N.EtcdCa, node, null, false, true, true, etcdDns, etcdIps);
        yield return new(N.EtcdHealthcheckClient, N.EtcdCa, "kube-etcd-healthcheck-client", null, false, false, true, noDns, none);
        yield return new(N.AdminConf, N.Ca, "kubernetes-admin", "kubeadm:cluster-admins", false, false, true, noDns, none);
        yield return new(N.SuperAdminConf, N.Ca, "kubernetes-super-admin", "system:masters", false, false, true, noDns, none);
        yield return new(N.ControllerManagerConf, N.Ca, "system:kube-controller-manager", null, false, false, true, noDns, none);
        yield return new(N.SchedulerConf, N.Ca, "system:kube-scheduler", null, false, false, true, noDns, none);
        yield return new(N.KubeletConf, N.Ca, $"system:node:{node}", "system:nodes", false, false, true, noDns, none);
    }

    internal static X509Certificate2 CopyOf(X509Certificate2 cert)
    {
        // The issuer keeps its CA certificates for signing; the tree hands out its own copies.
        var copy = X509CertificateLoader.LoadCertificate(cert.RawData);
        using var rsa = cert.GetRSAPrivateKey();
        if (rsa is not null) return Attach(copy, c => c.CopyWithPrivateKey(rsa));
        using var ec = cert.GetECDsaPrivateKey();
        return Attach(copy, c => c.CopyWithPrivateKey(ec!));
    }

    private static X509Certificate2 Attach(X509Certificate2 copy, Func<X509Certificate2, X509Certificate2> with)
    {
        using (copy) return with(copy);
    }

    internal static string KeyPem(AsymmetricAlgorithm key) => (key switch
    {
        RSA rsa => rsa.ExportRSAPrivateKeyPem(),
        ECDsa ec => ec.ExportECPrivateKeyPem(),
        _ => throw new NotSupportedException(key.GetType().Name),
    }) + "\n";

    internal static void Write(string path, string text, UnixFileMode mode)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bytes = Encoding.ASCII.GetBytes(text);
        var fso = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) fso.UnixCreateMode = mode; // keys are never world-readable, not even for a moment
        using (var fs = new FileStream(path, fso)) fs.Write(bytes);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, mode); // a file that already existed keeps its old mode otherwise
    }
}
