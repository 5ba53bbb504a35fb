using Doomsday.Core.Doctor;
using Doomsday.Core.Sources.Cluster;
using Doomsday.Core.Sources.Endpoints;
using Doomsday.Core.Tests.Support;
using k8s.Models;

namespace Doomsday.Core.Tests.Doctor;

/// <summary>The doctor's inputs from a cluster read through the FAKE API server (no kube-apiserver runs here).</summary>
public class DoctorGathererClusterTests
{
    [Fact]
    public async Task GatherAsync_Cluster_PutsSnapshotInClustersAndCertificatesInInventory()
    {
        var now = DateTimeOffset.UtcNow;
        await using var server = await FakeKubeApiServer.StartAsync();
        using var dir = new TempDir();
        server.Add(FakeObjects.RootCa("default", server.ServerCa));
        server.Add(new V1Pod { Metadata = new V1ObjectMeta { NamespaceProperty = "kube-system", Name = "coredns-abc" }, Status = new V1PodStatus { Phase = "Running" } });
        var kubeconfig = server.WriteKubeconfig(Path.Combine(dir.Path, "kc"), "prod");
        var request = new DoctorRequest { Clusters = ClusterTargets.Resolve([kubeconfig], [], _ => null, dir.Path) };

        var inputs = await new DoctorGatherer(ITlsHandshaker.Default, new FixedTimeProvider(now)).GatherAsync(request, CancellationToken.None);

        var snapshot = Assert.Single(inputs.Clusters);
        Assert.Equal("prod", snapshot.Context);
        Assert.Equal(["coredns-abc"], snapshot.SystemPods.Select(p => p.Metadata.Name));
        Assert.Equal(TestPki.Sha256(server.ServingCertificate), snapshot.ServedChain[0].FingerprintSha256);
        Assert.Single(inputs.Certificates, c => c.Source is ClusterSourceRef { ObjectKind: "ConfigMap", Name: "kube-root-ca.crt" });
    }
}
