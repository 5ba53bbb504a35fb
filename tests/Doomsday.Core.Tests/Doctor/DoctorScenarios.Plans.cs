using Doomsday.Core.Certificates;
using Doomsday.Core.Doctor;
using Doomsday.Core.Pki;
using Doomsday.Core.Sources.Endpoints;
using Doomsday.Core.Tests.Support;
using N = Doomsday.Core.Sources.Kubeadm.KubeadmNames;

namespace Doomsday.Core.Tests.Doctor;

/// <summary>
/// Nodes with several findings that share fixes, for the consolidated plan: many certificates near their end,
/// a renewal not yet loaded by two components, opposite advice for two components. Handshake results are
/// built where the plan alone is under test (no component runs here); the served scenario uses real
/// <c>openssl s_server</c> processes, as <see cref="Served"/> does.
/// </summary>
internal static partial class DoctorScenarios
{
    public static IEnumerable<Scenario> Plans()
    {
        yield return S("every certificate kubeadm renews within days of its end", EveryRenewableExpiring);
        yield return S("apiserver and etcd-peer within days of their end", TwoExpiring);
        yield return S("apiserver not restarted after a renewal, controller-manager started before it", ApiserverAndControllerManagerNotRestarted);
        yield return S("etcd served newer than disk, apiserver served older than disk", DiskOlderEtcdDiskNewerApiserver);
        yield return S("apiserver at another node's address serving before a renewal", ApiserverElsewhereServingBeforeRenewal);
    }

    private static CertificateValidity DaysLeft(int days) => CertificateValidity.Around(DoctorNode.Now, TimeSpan.FromDays(360), TimeSpan.FromDays(days));

    public static DoctorReport EveryRenewableExpiring()
    {
        using var node = new DoctorNode(o => o with { Validity = Doomsday.Core.Doctor.Runbooks.Kubeadm.Renewable.ToDictionary(n => n, _ => DaysLeft(5)) });
        return node.Run();
    }

    public static DoctorReport TwoExpiring()
    {
        using var node = new DoctorNode(o => o with { Validity = new Dictionary<string, CertificateValidity> { [N.Apiserver] = DaysLeft(5), [N.EtcdPeer] = DaysLeft(5) } });
        return node.Run();
    }

    public static DoctorReport ApiserverAndControllerManagerNotRestarted()
    {
        var built = DoctorNode.Now - TimeSpan.FromDays(350);
        using var node = new DoctorNode(o => o with { Now = built });
        using var apiserver = OpensslServer.Start([node.Tree.Certificates[N.Apiserver]]);
        var (leaf, ca) = ClientGoSelfSigned.Create(built + TimeSpan.FromMinutes(2));
        using (leaf)
        using (ca)
        using (var kcm = OpensslServer.Start([leaf, ca]))
        using (KubeadmRenewal.Renew(node.Root, new KubeadmRenewalOptions { At = DoctorNode.Now - TimeSpan.FromDays(1) }))
        {
            return Reaching(node.Root, new() { ["apiserver"] = Loopback(apiserver.Port), ["controller-manager"] = Loopback(kcm.Port) });
        }
    }

    /// <summary>A backup of etcd's pair was restored over a renewal (disk older); apiserver.crt was renewed and not loaded (disk newer).</summary>
    public static DoctorReport DiskOlderEtcdDiskNewerApiserver()
    {
        using var node = new DoctorNode();
        using var etcd = node.Tree.Issue(N.EtcdServer, CertificateValidity.Around(DoctorNode.Now, TimeSpan.FromMinutes(1), TimeSpan.FromDays(400)));
        using var apiserver = node.Tree.Issue(N.Apiserver, DaysLeft(5));
        return WithServed(node,
            Served(node, "etcd", new EndpointTarget("127.0.0.1", 2379, null), "/etc/kubernetes/pki/etcd/server.crt", "etcd", etcd),
            Served(node, "apiserver", new EndpointTarget("127.0.0.1", 6443, null), "/etc/kubernetes/pki/apiserver.crt", "kube-apiserver", apiserver));
    }

    /// <summary>The API server of another control-plane node (--component-endpoint apiserver=10.0.0.20:6443) serves its certificate from before a renewal.</summary>
    public static DoctorReport ApiserverElsewhereServingBeforeRenewal() => ApiserverServing(new EndpointTarget("10.0.0.20", 6443, null), DaysLeft(5));

    /// <summary>The API server serves an older apiserver certificate with the given dates; the file on disk is the tree's (newer).</summary>
    public static DoctorReport ApiserverServing(EndpointTarget target, CertificateValidity served)
    {
        using var node = new DoctorNode();
        using var certificate = node.Tree.Issue(N.Apiserver, served);
        return WithServed(node, Served(node, "apiserver", target, "/etc/kubernetes/pki/apiserver.crt", "kube-apiserver", certificate));
    }

    private static ServedComponent Served(DoctorNode node, string component, EndpointTarget target, string file, string pod, System.Security.Cryptography.X509Certificates.X509Certificate2 served)
    {
        Assert.True(DerCertificateParser.TryParse(served.RawData, out var info, out _));
        var result = new TlsHandshakeResult([info!], "TLSv1.3", null, null, TimeSpan.FromMilliseconds(3));
        return new ServedComponent(component, target, file, Path.Combine(node.Root, "manifests", pod + ".yaml"), result);
    }

    /// <summary>doctor on the node's tree with these handshake results in place of reaching the components.</summary>
    private static DoctorReport WithServed(DoctorNode node, params ServedComponent[] served)
    {
        var (inputs, _) = DoctorNode.Gather(node.Root, DoctorNode.Now);
        return DoctorChecks.Run(inputs with { Served = served });
    }
}
