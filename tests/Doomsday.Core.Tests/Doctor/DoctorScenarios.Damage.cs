using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Doomsday.Core.Doctor;
using Doomsday.Core.Pki;
using Doomsday.Core.Tests.Support;
using N = Doomsday.Core.Sources.Kubeadm.KubeadmNames;

namespace Doomsday.Core.Tests.Doctor;

/// <summary>A node damaged in exactly one way, and the corpus's real (long expired) kubeadm trees.</summary>
internal static partial class DoctorScenarios
{
    public static IEnumerable<Scenario> Damage()
    {
        yield return S("apiserver.crt from another cluster", LeafFromAnotherCluster);
        yield return S("front-proxy-client.key from another cluster", KeyFromAnotherCluster);
        yield return S("a leaf copied over front-proxy-ca.crt", LeafCopiedOverCa);
        yield return S("scheduler.conf with another cluster's CA", KubeconfigWithAnotherClustersCa);
        yield return S("admin.conf server not in the certificate", KubeconfigServerNotInSans);
        yield return S("controller-manager.conf client certificate from another cluster", ClientCertFromAnotherCluster);
        yield return S("etcd advertises an address its certificate lacks", EtcdAdvertisesAddressNotInCertificate);
        yield return S("apiserver-etcd-client from another etcd CA", EtcdClientFromAnotherEtcdCa);
        yield return S("front-proxy-client not valid yet", NotBeforeInTheFuture);
        yield return S("apiserver outlives its CA", LeafOutlivingItsCa);
        foreach (var days in new[] { -3, 5, 20, 60 }) yield return S($"etcd-peer with {days} days left", () => LeafWithDaysLeft(N.EtcdPeer, days));
        yield return S("etcd-ca with 19 days left", CaWith19DaysLeft);
        yield return S("RSA-1024 SHA-1 leaf", WeakRsaSha1Leaf);
        yield return S("a rotated kubelet client newer than the current one", RotatedClientNewerThanCurrent);
    }

    public static IEnumerable<Scenario> Corpus()
    {
        foreach (var set in new[] { "maxxmoney-2020", "zetaoss-killercoda-2024" })
        {
            yield return S($"corpus {set}", () => DoctorTree.Run(CorpusLocator.KubeadmTree(set), DoctorTree.Now));
        }
    }

    public static DoctorReport LeafFromAnotherCluster()
    {
        using var node = new DoctorTree();
        node.TakeFromOther("pki/apiserver.crt");
        node.TakeFromOther("pki/apiserver.key");
        return node.Run();
    }

    public static DoctorReport KeyFromAnotherCluster()
    {
        using var node = new DoctorTree();
        node.TakeFromOther("pki/front-proxy-client.key");
        return node.Run();
    }

    public static DoctorReport LeafCopiedOverCa()
    {
        using var node = new DoctorTree();
        File.Copy(node.Pki("front-proxy-client.crt"), node.Pki("front-proxy-ca.crt"), overwrite: true);
        return node.Run();
    }

    public static DoctorReport KubeconfigWithAnotherClustersCa()
    {
        using var node = new DoctorTree();
        var otherCa = Convert.ToBase64String(File.ReadAllBytes(node.OtherPki("ca.crt")));
        node.Edit("scheduler.conf", t => Regex.Replace(t, "certificate-authority-data: \\S+", "certificate-authority-data: " + otherCa));
        return node.Run();
    }

    public static DoctorReport KubeconfigServerNotInSans()
    {
        using var node = new DoctorTree();
        node.Edit("admin.conf", t => Regex.Replace(t, "server: https://[^\\s]+", "server: https://api.elsewhere.example:6443"));
        return node.Run();
    }

    public static DoctorReport ClientCertFromAnotherCluster()
    {
        using var node = new DoctorTree();
        var other = File.ReadAllText(Path.Combine(node.OtherRoot, "controller-manager.conf"));
        string Field(string text, string name) => Regex.Match(text, name + ": (\\S+)").Groups[1].Value;
        node.Edit("controller-manager.conf", t => t
            .Replace(Field(t, "client-certificate-data"), Field(other, "client-certificate-data"))
            .Replace(Field(t, "client-key-data"), Field(other, "client-key-data")));
        return node.Run();
    }

    public static DoctorReport EtcdAdvertisesAddressNotInCertificate()
    {
        using var node = new DoctorTree();
        node.Edit("manifests/etcd.yaml", t => t.Replace("--advertise-client-urls=https://10.0.0.10:2379", "--advertise-client-urls=https://10.0.0.99:2379"));
        return node.Run();
    }

    public static DoctorReport EtcdClientFromAnotherEtcdCa()
    {
        using var node = new DoctorTree();
        node.TakeFromOther("pki/apiserver-etcd-client.crt");
        node.TakeFromOther("pki/apiserver-etcd-client.key");
        return node.Run();
    }

    public static DoctorReport NotBeforeInTheFuture()
    {
        var soon = DoctorTree.Now + TimeSpan.FromDays(2);
        using var node = new DoctorTree(new Dictionary<string, CertificateValidity> { [N.FrontProxyClient] = new(soon, soon + TimeSpan.FromDays(365)) });
        return node.Run();
    }

    public static DoctorReport LeafOutlivingItsCa()
    {
        using var node = new DoctorTree(new Dictionary<string, CertificateValidity>
        {
            [N.Apiserver] = CertificateValidity.Around(DoctorTree.Now, TimeSpan.FromDays(1), TimeSpan.FromDays(365 * 12)),
        });
        return node.Run();
    }

    public static DoctorReport LeafWithDaysLeft(string name, int daysLeft)
    {
        using var node = new DoctorNode(o => o with
        {
            Validity = new Dictionary<string, CertificateValidity> { [name] = CertificateValidity.Around(DoctorNode.Now, TimeSpan.FromDays(300), TimeSpan.FromDays(daysLeft)) },
        });
        return node.Run();
    }

    /// <summary>The etcd CA expires in 19 days; its leaves end before it (kubeadm never renews a CA).</summary>
    public static DoctorReport CaWith19DaysLeft()
    {
        var leaf = CertificateValidity.Around(DoctorNode.Now, TimeSpan.FromDays(300), TimeSpan.FromDays(10));
        using var node = new DoctorNode(o => o with
        {
            Validity = new Dictionary<string, CertificateValidity>
            {
                [N.EtcdCa] = CertificateValidity.Around(DoctorNode.Now, TimeSpan.FromDays(3600), TimeSpan.FromDays(19)),
                [N.EtcdServer] = leaf, [N.EtcdPeer] = leaf, [N.EtcdHealthcheckClient] = leaf, [N.ApiserverEtcdClient] = leaf,
            },
        });
        return node.Run();
    }

    /// <summary>A legacy webhook certificate, RSA-1024 and SHA-1 (openssl still makes them; .NET will not sign with SHA-1).</summary>
    public static DoctorReport WeakRsaSha1Leaf()
    {
        using var node = new DoctorNode();
        Openssl.Run("req", "-x509", "-newkey", "rsa:1024", "-sha1", "-nodes", "-subj", "/CN=legacy-webhook", "-addext", "basicConstraints=critical,CA:FALSE",
            "-days", "365", "-keyout", "/dev/null", "-out", node.Pki("legacy-webhook.crt"));
        return node.Run(DateTimeOffset.UtcNow.AddMinutes(1)); // openssl dates it from the real clock
    }

    public static DoctorReport RotatedClientNewerThanCurrent()
    {
        using var node = new DoctorTree();
        var pki = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(node.Root)!)!, "var", "lib", "kubelet", "pki");
        // A newer client certificate from the same CA that the link does not point at.
        var ca = node.Tree.Certificates[N.Ca];
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=system:node:controlplane, O=system:nodes", key, HashAlgorithmName.SHA256);
        using var caKey = ca.GetECDsaPrivateKey() ?? throw new InvalidOperationException("test CA has no ECDSA key");
        using var newer = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), DoctorTree.Now.AddMinutes(-1), DoctorTree.Now.AddDays(364), [1, 2, 3, 4]);
        File.WriteAllText(Path.Combine(pki, $"kubelet-client-{DoctorTree.Now.AddMinutes(1).UtcDateTime:yyyy-MM-dd-HH-mm-ss}.pem"), newer.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem());
        return node.Run();
    }
}
