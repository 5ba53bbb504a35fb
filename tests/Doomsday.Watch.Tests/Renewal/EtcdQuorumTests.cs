using Doomsday.Core.Sources.Endpoints;
using Doomsday.Watch.Renewal;
using Doomsday.Watch.Tests.Support;

namespace Doomsday.Watch.Tests.Renewal;

/// <summary>
/// The preflight's etcd quorum check against a real three-member etcd cluster on loopback, as on a
/// control plane of three kubeadm nodes: this node's member is the manifest's (its ports), the other two
/// stand for the other nodes. The check reads what the code reads on a node: etcd's member list
/// (<c>/v3/cluster/member/list</c>) and each member's <c>/health</c>, with the healthcheck client
/// certificate kubeadm writes (pki/etcd/healthcheck-client.crt).
/// </summary>
public sealed class EtcdQuorumTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task PlanAsync_ThreeMembersThenOneDown_OkThenRefusedBecauseRestartingThisMemberLosesQuorum()
    {
        using var node = new RenewalNode(DateTimeOffset.UtcNow.AddDays(-350));
        using var cluster = EtcdCluster.Start(3, (node.EtcdClient, node.EtcdPeer), node.Path("pki/etcd/server.crt"), node.Path("pki/etcd/server.key"),
            node.Path("pki/etcd/peer.crt"), node.Path("pki/etcd/peer.key"), node.Path("pki/etcd/ca.crt"));
        var planner = new RenewalPlanner(ITlsHandshaker.Default, TimeProvider.System, new TestRenewalEnvironment(new NoRuntime()));
        var request = new RenewalRequest { KubeadmRoot = node.Root };

        // Every member healthy (the cluster has elected a leader): a restart of this one leaves 2 of 3, the quorum.
        var healthy = await Eventually.UntilAsync(async () =>
        {
            var check = Quorum(await planner.PlanAsync(request, CancellationToken.None));
            return check.Detail.StartsWith("3 members, 3 healthy", StringComparison.Ordinal) ? check : null;
        }, Deadline, cluster.Diagnostics);
        Assert.Equal((CheckStatus.Ok, "3 members, 3 healthy, quorum 2"), (healthy.Status, healthy.Detail));

        // Another node's member goes down: restarting this one would leave 1 of 3.
        cluster.Stop(2);
        var plan = await planner.PlanAsync(request, CancellationToken.None);

        var refused = Quorum(plan);
        Assert.Equal(CheckStatus.Failed, refused.Status);
        Assert.StartsWith("3 members, 2 healthy, quorum 2; unhealthy: cp-3 (", refused.Detail, StringComparison.Ordinal);
        Assert.EndsWith("restarting this member would lose quorum. Bring the unhealthy members back first; renew one node at a time, the next only once this one is verified",
            refused.Detail, StringComparison.Ordinal);
        Assert.Contains(plan.Blockers, b => b.StartsWith("etcd quorum: 3 members, 2 healthy", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PlanAsync_EtcdNotAnswering_WarnsAndDoesNotRefuse()
    {
        using var node = new RenewalNode(DateTimeOffset.UtcNow.AddDays(-350)); // its etcd port is a free one nobody listens on
        var planner = new RenewalPlanner(ITlsHandshaker.Default, TimeProvider.System, new TestRenewalEnvironment(new NoRuntime()));

        var plan = await planner.PlanAsync(new RenewalRequest { KubeadmRoot = node.Root }, CancellationToken.None);

        var check = Quorum(plan);
        Assert.Equal(CheckStatus.Warning, check.Status);
        Assert.StartsWith("the member list could not be read (", check.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(plan.Blockers, b => b.StartsWith("etcd quorum", StringComparison.Ordinal));
    }

    private static PreflightCheck Quorum(RenewalPlan plan) => Assert.Single(plan.Preflight, p => p.Name == "etcd quorum");

}
