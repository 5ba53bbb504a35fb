using System.Security.Cryptography.X509Certificates;
using System.Text;
using Doomsday.Core.Doctor;
using Doomsday.Core.Pki;
using N = Doomsday.Core.Sources.Kubeadm.KubeadmNames;

namespace Doomsday.Core.Tests.Doctor;

/// <summary>The kubelet's certificates through their life: rotation, a stale link, expiry on a control plane and on a worker.</summary>
internal static partial class DoctorScenarios
{
    public static IEnumerable<Scenario> Kubelet()
    {
        yield return S("kubelet link on an expired certificate beside a valid rotated one", KubeletLinkOnExpired);
        yield return S("kubelet client expired, nothing valid left", () => KubeletClient(Expired));
        yield return S("kubelet client 60 days left, rotation due later", () => KubeletClient(Left(60, lifetimeDays: 365)));
        yield return S("kubelet client 15 days left, rotation overdue", () => KubeletClient(Left(15, lifetimeDays: 365)));
        yield return S("kubelet client 20 days left, rotation off", () => KubeletClient(Left(20, lifetimeDays: 365), rotate: false));
        yield return S("kubelet client expired on a worker", KubeletExpiredOnWorker);
        yield return S("kubelet client from another cluster's CA", KubeletClientFromForeignCa);
        yield return S("kubelet.conf embeds a valid client certificate, rotation on", () => KubeletConfEmbedded(expired: false));
        yield return S("kubelet.conf embeds an expired client certificate", () => KubeletConfEmbedded(expired: true));
        yield return S("kubelet self-signed serving certificate expired", KubeletServingExpired);
    }

    private static CertificateValidity Expired => new(DoctorNode.Now - TimeSpan.FromDays(400), DoctorNode.Now - TimeSpan.FromDays(35));

    private static CertificateValidity Left(int days, int lifetimeDays) =>
        new(DoctorNode.Now + TimeSpan.FromDays(days) - TimeSpan.FromDays(lifetimeDays), DoctorNode.Now + TimeSpan.FromDays(days));

    /// <summary>A control-plane node whose kubelet's current client certificate has <paramref name="current"/> as dates.</summary>
    public static DoctorReport KubeletClient(CertificateValidity current, bool rotate = true)
    {
        using var node = new DoctorNode(o => o with
        {
            RotateCertificates = rotate,
            KubeletStartedAt = current.NotBefore,
            Validity = new Dictionary<string, CertificateValidity> { [N.KubeletConf] = current },
        });
        return node.Run();
    }

    /// <summary>
    /// The kubelet rotated yesterday, but kubelet-client-current.pem still names the certificate that expired
    /// last month (a restored backup, a link put back by hand): the node is NotReady.
    /// </summary>
    public static DoctorReport KubeletLinkOnExpired()
    {
        using var node = new DoctorNode(o => o with
        {
            KubeletStartedAt = Expired.NotBefore,
            Validity = new Dictionary<string, CertificateValidity> { [N.KubeletConf] = Expired },
        });
        node.Tree.RotateKubeletClient(DoctorNode.Now - TimeSpan.FromDays(1), link: false);
        return node.Run();
    }

    /// <summary>A worker that joined 400 days ago and whose rotation never happened.</summary>
    public static DoctorReport KubeletExpiredOnWorker()
    {
        using var node = new DoctorNode(o => o with { Now = DoctorNode.Now - TimeSpan.FromDays(500) });
        var root = node.Dir.Combine("worker", "etc", "kubernetes");
        node.Tree.JoinWorker(root, node.Dir.Combine("worker", "var", "lib", "kubelet"), "worker-1", DoctorNode.Now - TimeSpan.FromDays(400));
        return DoctorNode.Gather(root, DoctorNode.Now).Report;
    }

    /// <summary>kubelet-client-current.pem names a certificate another cluster's CA signed (a file copied between clusters).</summary>
    public static DoctorReport KubeletClientFromForeignCa()
    {
        using var node = new DoctorNode();
        using var other = new DoctorNode();
        var current = node.KubeletPki(Path.GetFileName(new FileInfo(node.KubeletPki("kubelet-client-current.pem")).LinkTarget!));
        var foreign = other.KubeletPki(Path.GetFileName(new FileInfo(other.KubeletPki("kubelet-client-current.pem")).LinkTarget!));
        File.Copy(foreign, current, overwrite: true);
        return node.Run();
    }

    /// <summary>A kubelet.conf that embeds its client certificate, as kubeadm before 1.17 left it on control-plane nodes.</summary>
    public static DoctorReport KubeletConfEmbedded(bool expired)
    {
        using var node = new DoctorNode(o => expired
            ? o with { KubeletStartedAt = Expired.NotBefore, Validity = new Dictionary<string, CertificateValidity> { [N.KubeletConf] = Expired } }
            : o);
        var cert = node.Tree.Certificates[N.KubeletConf];
        using var key = cert.GetECDsaPrivateKey()!;
        string B64(string s) => Convert.ToBase64String(Encoding.ASCII.GetBytes(s));
        node.Edit("kubelet.conf", t => t
            .Replace("client-certificate: /var/lib/kubelet/pki/kubelet-client-current.pem", "client-certificate-data: " + B64(cert.ExportCertificatePem() + "\n"))
            .Replace("client-key: /var/lib/kubelet/pki/kubelet-client-current.pem", "client-key-data: " + B64(key.ExportECPrivateKeyPem() + "\n")));
        if (expired)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(node.KubeletDir, "pki"), "kubelet-client-*")) File.Delete(file);
        }
        return node.Run();
    }

    public static DoctorReport KubeletServingExpired()
    {
        using var node = new DoctorNode(o => o with
        {
            Validity = new Dictionary<string, CertificateValidity> { [KubeadmTreeBuilder.KubeletServing] = Expired },
        });
        return node.Run();
    }
}
