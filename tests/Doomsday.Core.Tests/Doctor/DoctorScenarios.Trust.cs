using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Doomsday.Core.Certificates;
using Doomsday.Core.Doctor;
using Doomsday.Core.Pki;
using Doomsday.Core.Sources.Endpoints;
using N = Doomsday.Core.Sources.Kubeadm.KubeadmNames;

namespace Doomsday.Core.Tests.Doctor;

/// <summary>Who trusts whom: CA rotations gone wrong, kubeconfigs with the wrong CA or server, the controller-manager's signing pair.</summary>
internal static partial class DoctorScenarios
{
    public static IEnumerable<Scenario> Trust()
    {
        yield return S("kubeconfigs left on the old CA after the rotation", KubeconfigsLeftOnOldCa);
        yield return S("admin.conf client certificate from the old CA after the rotation", AdminClientFromOldCa);
        yield return S("admin.conf with another cluster's CA and client certificate", KubeconfigWithForeignCaAndClient);
        yield return S("a kubeconfig for another cluster named beside the node", OtherClustersKubeconfigBesideTheNode);
        yield return S("controller-manager signing from the bundle, old CA first", () => ControllerManagerSigningFromBundle(newFirst: false));
        yield return S("controller-manager signing from the bundle, new CA first", () => ControllerManagerSigningFromBundle(newFirst: true));
        yield return S("five kubeconfigs name a server the certificate lacks", ServerNameMissingInFiveKubeconfigs);
        yield return S("stale copy of admin.conf in ~/.kube/config", StaleUserKubeconfig);
        yield return S("leaf expiring under an external CA", ExpiringUnderExternalCa);
        yield return S("apiserver served older than disk", () => StaleServing(diskNewer: true));
        yield return S("apiserver served newer than disk", () => StaleServing(diskNewer: false));
    }

    private static readonly Regex CaData = new("certificate-authority-data: \\S+", RegexOptions.Compiled);

    private static string CaDataOf(string kubeconfigText) => CaData.Match(kubeconfigText).Value;

    /// <summary>The rotation went through, but controller-manager.conf and scheduler.conf were restored with only the old CA.</summary>
    public static DoctorReport KubeconfigsLeftOnOldCa()
    {
        using var node = new DoctorNode(o => o with { Now = DoctorNode.Now - TimeSpan.FromDays(200) });
        var oldCaData = CaDataOf(File.ReadAllText(Path.Combine(node.Root, N.SchedulerConf)));
        node.Tree.AdvanceCaRotation(CaRotationStage.OldCaRemoved, newCaFirst: true, DoctorNode.Now - TimeSpan.FromDays(1));
        foreach (var conf in new[] { N.ControllerManagerConf, N.SchedulerConf }) node.Edit(conf, t => CaData.Replace(t, oldCaData));
        return node.Run();
    }

    /// <summary>After the rotation, admin.conf was restored from a backup: new CA data, but the client certificate the old CA signed.</summary>
    public static DoctorReport AdminClientFromOldCa()
    {
        using var node = new DoctorNode(o => o with { Now = DoctorNode.Now - TimeSpan.FromDays(200) });
        var before = File.ReadAllText(Path.Combine(node.Root, N.AdminConf));
        node.Tree.AdvanceCaRotation(CaRotationStage.OldCaRemoved, newCaFirst: false, DoctorNode.Now - TimeSpan.FromDays(1));
        var newCaData = CaDataOf(File.ReadAllText(Path.Combine(node.Root, N.AdminConf)));
        File.WriteAllText(Path.Combine(node.Root, N.AdminConf), CaData.Replace(before, newCaData));
        return node.Run();
    }

    /// <summary>admin.conf from another cluster: its CA and a client certificate that CA signed, consistent with each other but not with this API server.</summary>
    public static DoctorReport KubeconfigWithForeignCaAndClient()
    {
        using var node = new DoctorNode();
        using var other = new DoctorNode();
        var foreign = File.ReadAllText(Path.Combine(other.Root, N.AdminConf));
        var mine = File.ReadAllText(Path.Combine(node.Root, N.AdminConf));
        var server = Regex.Match(mine, "server: \\S+").Value;
        File.WriteAllText(Path.Combine(node.Root, N.AdminConf), Regex.Replace(foreign, "server: \\S+", server));
        return node.Run();
    }

    /// <summary>
    /// <c>doctor --kubeadm --kubeconfig</c> with a kubeconfig for another cluster (its server is none of this API
    /// server's names, its CA none of this cluster's): judged on its own, as without a tree.
    /// </summary>
    public static DoctorReport OtherClustersKubeconfigBesideTheNode()
    {
        using var node = new DoctorNode();
        using var other = new DoctorNode();
        var foreign = Regex.Replace(File.ReadAllText(Path.Combine(other.Root, N.AdminConf)), "server: \\S+", "server: https://127.0.0.1:1");
        return node.Run(null, node.Dir.File("home/.kube/config", foreign));
    }

    /// <summary>The rotation's first step, but --cluster-signing-cert-file still names ca.crt, now a bundle.</summary>
    public static DoctorReport ControllerManagerSigningFromBundle(bool newFirst)
    {
        using var node = new DoctorNode(o => o with { Now = DoctorNode.Now - TimeSpan.FromDays(200) });
        node.Tree.AdvanceCaRotation(CaRotationStage.NewCaDistributed, newFirst, DoctorNode.Now - TimeSpan.FromDays(1));
        node.Edit("manifests/kube-controller-manager.yaml", t => t.Replace("/etc/kubernetes/pki/ca-new.crt", "/etc/kubernetes/pki/ca.crt"));
        return node.Run();
    }

    public static DoctorReport ServerNameMissingInFiveKubeconfigs()
    {
        using var node = new DoctorNode();
        foreach (var conf in N.Kubeconfigs) node.Edit(conf, t => Regex.Replace(t, "server: https://[^\\s]+", "server: https://api.elsewhere.example:6443"));
        return node.Run();
    }

    /// <summary>admin.conf was renewed, but the copy kubectl reads (~/.kube/config) still holds last year's expired certificate.</summary>
    public static DoctorReport StaleUserKubeconfig()
    {
        using var node = new DoctorNode();
        using var old = node.Tree.Issue(N.AdminConf, new CertificateValidity(DoctorNode.Now - TimeSpan.FromDays(400), DoctorNode.Now - TimeSpan.FromDays(35)));
        using var key = old.GetECDsaPrivateKey()!;
        string B64(string s) => Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(s));
        var copy = File.ReadAllText(Path.Combine(node.Root, N.AdminConf));
        copy = Regex.Replace(copy, "client-certificate-data: \\S+", "client-certificate-data: " + B64(old.ExportCertificatePem() + "\n"));
        copy = Regex.Replace(copy, "client-key-data: \\S+", "client-key-data: " + B64(key.ExportECPrivateKeyPem() + "\n"));
        var home = node.Dir.File("home/.kube/config", copy);
        return node.Run(null, home);
    }

    public static DoctorReport ExpiringUnderExternalCa()
    {
        using var node = new DoctorNode(o => o with
        {
            ExternalCa = true,
            Validity = new Dictionary<string, CertificateValidity> { [N.Apiserver] = CertificateValidity.Around(DoctorNode.Now, TimeSpan.FromDays(345), TimeSpan.FromDays(20)) },
        });
        return node.Run();
    }

    /// <summary>
    /// What the API server serves differs from apiserver.crt: older (renewed, not restarted) or newer (a backup
    /// restored over a renewed tree). The handshake result is built, not made: no API server runs here.
    /// </summary>
    public static DoctorReport StaleServing(bool diskNewer)
    {
        using var node = new DoctorNode();
        var (inputs, _) = DoctorNode.Gather(node.Root, DoctorNode.Now);
        using var served = node.Tree.Issue(N.Apiserver, diskNewer
            ? CertificateValidity.Around(DoctorNode.Now, TimeSpan.FromDays(360), TimeSpan.FromDays(5))
            : CertificateValidity.Around(DoctorNode.Now, TimeSpan.FromMinutes(1), TimeSpan.FromDays(400)));
        Assert.True(DerCertificateParser.TryParse(served.RawData, out var info, out _));
        var result = new TlsHandshakeResult([info!], "TLSv1.3", null, null, TimeSpan.FromMilliseconds(3));
        inputs = inputs with
        {
            Served = [new ServedComponent("apiserver", new EndpointTarget("127.0.0.1", 6443, null), "/etc/kubernetes/pki/apiserver.crt",
                Path.Combine(node.Root, "manifests", "kube-apiserver.yaml"), result)],
        };
        return DoctorChecks.Run(inputs);
    }
}
