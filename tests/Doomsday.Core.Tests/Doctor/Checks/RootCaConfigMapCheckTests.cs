using Doomsday.Core.Doctor;
using Doomsday.Core.Doctor.Checks;
using Doomsday.Core.Inventory;
using k8s.Models;
using static Doomsday.Core.Tests.Doctor.Checks.ClusterTestData;

namespace Doomsday.Core.Tests.Doctor.Checks;

public sealed class RootCaConfigMapCheckTests
{
    // Seed 003: the CA was rotated a day ago; the API server already serves a certificate from the new CA.
    private static readonly System.Security.Cryptography.X509Certificates.X509Certificate2 OldCa = Ca("kubernetes", Now.AddYears(-2), Now.AddYears(8));
    private static readonly System.Security.Cryptography.X509Certificates.X509Certificate2 NewCa = Ca("kubernetes", Now.AddDays(-1), Now.AddYears(10));
    private static readonly System.Security.Cryptography.X509Certificates.X509Certificate2 ApiServer = Server(NewCa, "kubernetes.default.svc");

    private static Doomsday.Core.Sources.Cluster.ClusterSnapshot Rotated(params V1ConfigMap[] maps) => Snapshot() with
    {
        ClusterCa = [Info(NewCa)],
        ServedChain = [Info(ApiServer)],
        RootCaConfigMaps = maps,
    };

    [Fact]
    public void Run_ConfigMapHoldsOldCaAfterRotation_StaleCritical()
    {
        var snapshot = Rotated(RootCaMap("default", OldCa), RootCaMap("apps", OldCa), RootCaMap("fresh", NewCa));
        var f = Assert.Single(ClusterTestData.Run(new RootCaConfigMapCheck(), Inputs(snapshot)).Findings);
        Assert.Equal(FindingIds.RootCaConfigMapStale, f.Id);
        Assert.Equal(FindingSeverity.Critical, f.Severity); // the old CA does not verify what the API server serves now
        Assert.Contains(f.Evidence, e => e.Label == "stale namespaces" && e.Value == "2 of 3");
        Assert.Contains(f.Evidence, e => e.Label == "namespaces" && e.Value == "apps, default");
        Assert.Contains(f.Evidence, e => e.Label == "cluster CA sha256" && e.Value == Doomsday.Testing.Pki.TestPki.Sha256(NewCa));
        Assert.Contains(f.Evidence, e => e.Value.Contains(Doomsday.Testing.Pki.TestPki.Sha256(OldCa), StringComparison.Ordinal));
        Assert.Contains(f.Runbook.Steps, s => s.Command?.Contains("kube-controller-manager.yaml") == true);
        Assert.Contains(f.Runbook.Steps, s => s.Command == "for k in deployment daemonset statefulset; do kubectl --context prod -n apps rollout restart $k; done");
    }

    [Fact]
    public void Run_ConfigMapHoldsOldAndNewCa_NoFinding()
    {
        var report = ClusterTestData.Run(new RootCaConfigMapCheck(), Inputs(Rotated(RootCaMap("default", OldCa, NewCa))));
        Assert.Empty(report.Findings);
    }

    [Fact]
    public void Run_KubeSystemStale_RestartsPodsStartedBeforeTheCaChanged()
    {
        var before = Pod("coredns-5d78c9869d-abcde", Labels("k8s-app", "kube-dns"), started: Now.AddDays(-20));
        before.Metadata.OwnerReferences = [new V1OwnerReference { Kind = "ReplicaSet", Name = "coredns-5d78c9869d", Controller = true, ApiVersion = "apps/v1", Uid = "1" }];
        before.Metadata.Labels["pod-template-hash"] = "5d78c9869d";
        var proxy = Pod("kube-proxy-x1", Labels("k8s-app", "kube-proxy"), started: Now.AddDays(-20));
        proxy.Metadata.OwnerReferences = [new V1OwnerReference { Kind = "DaemonSet", Name = "kube-proxy", Controller = true, ApiVersion = "apps/v1", Uid = "2" }];
        var after = Pod("metrics-server-77-xyz", started: Now.AddHours(-1));
        after.Metadata.OwnerReferences = [new V1OwnerReference { Kind = "ReplicaSet", Name = "metrics-server-77", Controller = true, ApiVersion = "apps/v1", Uid = "3" }];
        var snapshot = Rotated(RootCaMap("kube-system", OldCa)) with { SystemPods = [before, proxy, after] };

        var f = Assert.Single(ClusterTestData.Run(new RootCaConfigMapCheck(), Inputs(snapshot)).Findings);
        var restart = Assert.Single(f.Runbook.Steps, s => s.Command?.Contains("-n kube-system rollout restart") == true);
        Assert.Equal("kubectl --context prod -n kube-system rollout restart daemonset/kube-proxy deployment/coredns", restart.Command);
    }

    [Fact]
    public void Run_KubeadmCaOnDiskIsNewer_KubeconfigOldCaDoesNotHideStaleness()
    {
        // The kubeconfig still trusts the old CA; the node's pki/ca.crt (what --root-ca-file publishes) is the new one.
        var snapshot = Snapshot() with { ClusterCa = [Info(OldCa)], RootCaConfigMaps = [RootCaMap("default", OldCa)] };
        var onDisk = new FoundCertificate(Info(NewCa), new FileSourceRef("/etc/kubernetes/pki/ca.crt")) { Name = "ca" };
        var f = Assert.Single(ClusterTestData.Run(new RootCaConfigMapCheck(), Inputs(snapshot, [onDisk])).Findings);
        Assert.Equal(FindingSeverity.Warning, f.Severity); // no served chain known: cannot say in-cluster clients already fail
        Assert.Contains(f.Evidence, e => e.Label == "cluster CA from" && e.Value.Contains("/etc/kubernetes/pki/ca.crt", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_ThirtyStaleNamespaces_OneFindingWithCappedList()
    {
        var maps = Enumerable.Range(0, 30).Select(i => RootCaMap($"ns{i:00}", OldCa)).ToArray();
        var f = Assert.Single(ClusterTestData.Run(new RootCaConfigMapCheck(), Inputs(Rotated(maps))).Findings);
        Assert.Contains(f.Evidence, e => e.Label == "stale namespaces" && e.Value == "30 of 30");
        Assert.Contains(f.Evidence, e => e.Label == "namespaces" && e.Value.EndsWith("ns19 (and 10 more)", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_ConfigMapWithoutCaCrt_Stale()
    {
        var empty = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "kube-root-ca.crt", NamespaceProperty = "broken" }, Data = new Dictionary<string, string>() };
        var f = Assert.Single(ClusterTestData.Run(new RootCaConfigMapCheck(), Inputs(Rotated(empty))).Findings);
        Assert.Contains(f.Evidence, e => e.Value == "no certificate in ca.crt");
    }
}
