using Doomsday.Core.Doctor;
using Doomsday.Core.Pki;
using Doomsday.Core.Sources.Endpoints;
using Doomsday.Core.Tests.Support;
using N = Doomsday.Core.Sources.Kubeadm.KubeadmNames;

namespace Doomsday.Core.Tests.Doctor;

/// <summary>
/// What the components serve against the files on disk, and the keys and addresses the API server is
/// started with. No kube-apiserver, etcd, controller-manager or scheduler runs here: <c>openssl s_server</c>
/// presents the certificate such a component would (the tree's file before or after a renewal, another
/// cluster's, or the <c>localhost@UNIX-TIME</c> pair controller-manager and scheduler make at start); that
/// is all doctor reads from them. Renewals are <c>kubeadm certs renew</c>'s (<see cref="KubeadmRenewal"/>).
/// The per-case assertions live in the served-check tests; these feed the runbook command test.
/// </summary>
internal static partial class DoctorScenarios
{
    public static IEnumerable<Scenario> Served()
    {
        yield return S("apiserver still serving its certificate from before a renewal", ApiserverServingBeforeRenewal);
        yield return S("etcd serving its renewed certificate over a restored backup", EtcdServingOverRestoredBackup);
        yield return S("apiserver port serving another cluster's certificate", ApiserverPortServingAnotherCluster);
        yield return S("controller-manager started before its kubeconfig was renewed", ControllerManagerStartedBeforeRenewal);
        yield return S("no component answering", NoComponentAnswering);
        yield return S("sa.pub from another cluster", SaPubFromAnotherCluster);
        yield return S("API server advertise address changed after its certificate", AdvertiseAddressChanged);
    }

    public static DoctorReport ApiserverServingBeforeRenewal()
    {
        using var node = new DoctorNode(o => o with { Now = DoctorNode.Now - TimeSpan.FromDays(350) });
        using var server = OpensslServer.Start([node.Tree.Certificates[N.Apiserver]]);
        using var renewed = KubeadmRenewal.Renew(node.Root, new KubeadmRenewalOptions { At = DoctorNode.Now - TimeSpan.FromDays(1) });
        return Reaching(node.Root, new() { ["apiserver"] = Loopback(server.Port) });
    }

    public static DoctorReport EtcdServingOverRestoredBackup()
    {
        using var node = new DoctorNode(o => o with { Now = DoctorNode.Now - TimeSpan.FromDays(350) });
        var files = new[] { "etcd/server.crt", "etcd/server.key" }.ToDictionary(f => f, f => File.ReadAllBytes(node.Pki(f)));
        using var renewed = KubeadmRenewal.Renew(node.Root, new KubeadmRenewalOptions { At = DoctorNode.Now - TimeSpan.FromDays(1) });
        using var server = OpensslServer.Start([renewed.Renewed[N.EtcdServer]]);
        foreach (var (f, bytes) in files) File.WriteAllBytes(node.Pki(f), bytes);
        return Reaching(node.Root, new() { ["etcd"] = Loopback(server.Port) });
    }

    public static DoctorReport ApiserverPortServingAnotherCluster()
    {
        using var node = new DoctorTree();
        using var server = OpensslServer.Start([node.Other.Certificates[N.Apiserver]]);
        return Reaching(node.Root, new() { ["apiserver"] = Loopback(server.Port) });
    }

    public static DoctorReport ControllerManagerStartedBeforeRenewal()
    {
        var built = DoctorNode.Now - TimeSpan.FromDays(350);
        using var node = new DoctorNode(o => o with { Now = built });
        var (leaf, ca) = ClientGoSelfSigned.Create(built + TimeSpan.FromMinutes(2));
        using (leaf)
        using (ca)
        using (var server = OpensslServer.Start([leaf, ca]))
        using (KubeadmRenewal.Renew(node.Root, new KubeadmRenewalOptions { At = DoctorNode.Now - TimeSpan.FromDays(1) }))
        {
            return Reaching(node.Root, new() { ["controller-manager"] = Loopback(server.Port) });
        }
    }

    public static DoctorReport NoComponentAnswering()
    {
        using var node = new DoctorTree();
        var components = new[] { "apiserver", "etcd", "etcd-peer", "controller-manager", "scheduler", "kubelet" };
        // nobody listens on these ports while doctor runs (held closed until it has)
        var closed = components.ToDictionary(c => c, _ => TcpPorts.Closed());
        try
        {
            return Reaching(node.Root, closed.ToDictionary(c => c.Key, c => Loopback(c.Value.Port)));
        }
        finally
        {
            foreach (var port in closed.Values) port.Dispose();
        }
    }

    public static DoctorReport SaPubFromAnotherCluster()
    {
        using var node = new DoctorTree();
        node.TakeFromOther("pki/sa.pub");
        return node.Run();
    }

    public static DoctorReport AdvertiseAddressChanged()
    {
        using var node = new DoctorTree();
        node.Edit("manifests/kube-apiserver.yaml", t => t.Replace("--advertise-address=10.0.0.10", "--advertise-address=10.0.0.99", StringComparison.Ordinal));
        return node.Run();
    }

    private static EndpointTarget Loopback(int port) => new("127.0.0.1", port, null);

    /// <summary>doctor on a copied tree, reaching the given components (nothing else is reached from a copy).</summary>
    private static DoctorReport Reaching(string root, Dictionary<string, EndpointTarget> overrides)
    {
        var inputs = new DoctorGatherer(ITlsHandshaker.Default, new FixedTimeProvider(DoctorNode.Now))
            .GatherAsync(new DoctorRequest { KubeadmRoot = root, ComponentOverrides = overrides }, CancellationToken.None).GetAwaiter().GetResult();
        return DoctorChecks.Run(inputs);
    }
}
