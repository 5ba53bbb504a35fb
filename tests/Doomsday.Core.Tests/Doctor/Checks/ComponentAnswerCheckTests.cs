using Doomsday.Core.Doctor;
using Doomsday.Core.Sources.Endpoints;
using Doomsday.Core.Tests.Support;

namespace Doomsday.Core.Tests.Doctor.Checks;

/// <summary>Seed 004: components doctor was told to reach that do not answer at all (closed ports on 127.0.0.1).</summary>
public sealed class ComponentAnswerCheckTests : IDisposable
{
    private readonly List<TcpPorts.ClosedPort> _closed = [];

    private static DoctorReport Run(DoctorTree node, Dictionary<string, EndpointTarget> overrides)
    {
        var inputs = new DoctorGatherer(ITlsHandshaker.Default, new FixedTimeProvider(DoctorTree.Now))
            .GatherAsync(new DoctorRequest { KubeadmRoot = node.Root, ComponentOverrides = overrides }, CancellationToken.None).GetAwaiter().GetResult();
        return DoctorChecks.Run(inputs);
    }

    /// <summary>A port where nobody listens, held closed until the test ends (a released port could be taken by another test's server).</summary>
    private EndpointTarget Closed()
    {
        var closed = TcpPorts.Closed();
        _closed.Add(closed);
        return new("127.0.0.1", closed.Port, null);
    }

    public void Dispose()
    {
        foreach (var closed in _closed) closed.Dispose();
    }

    [Fact]
    public void Run_ApiserverRefusingConnections_CriticalWithContainerLogsAndHealthCheck()
    {
        using var node = new DoctorTree();
        var target = Closed();

        var finding = Assert.Single(Run(node, new() { ["apiserver"] = target }).Findings);

        Assert.Equal((FindingIds.ComponentNotAnswering, FindingSeverity.Critical, "apiserver"), (finding.Id, finding.Severity, finding.Subject));
        Assert.StartsWith($"apiserver does not answer on 127.0.0.1:{target.Port} (connect_refused)", finding.Summary, StringComparison.Ordinal);
        Assert.Contains(finding.Runbook.Steps, s => s.Command == "sudo crictl logs --tail 50 $(sudo crictl ps -a -q --name '^kube-apiserver$' | head -n 1)");
        Assert.Contains(finding.Runbook.Steps, s => s.Command == "ls -l /etc/kubernetes/manifests/kube-apiserver.yaml");
        Assert.Equal($"curl -sk https://127.0.0.1:{target.Port}/livez", finding.Runbook.Verify[0].Command);
    }

    [Fact]
    public void Run_EtcdClientAndPeerPortsClosed_OneFindingForEtcd()
    {
        using var node = new DoctorTree();

        var finding = Assert.Single(Run(node, new() { ["etcd"] = Closed(), ["etcd-peer"] = Closed() }).Findings);

        Assert.Equal((FindingIds.ComponentNotAnswering, "etcd"), (finding.Id, finding.Subject));
        Assert.Equal(2, finding.Evidence.Count(e => e.Label == "endpoint"));
        Assert.EndsWith("/health", finding.Runbook.Verify[0].Command, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("controller-manager", "kube-controller-manager")]
    [InlineData("scheduler", "kube-scheduler")]
    public void Run_ControllerManagerOrSchedulerNotAnswering_WarningAndNowReached(string component, string pod)
    {
        using var node = new DoctorTree();

        var finding = Assert.Single(Run(node, new() { [component] = Closed() }).Findings);

        Assert.Equal((FindingIds.ComponentNotAnswering, FindingSeverity.Warning, component), (finding.Id, finding.Severity, finding.Subject));
        Assert.Contains(finding.Runbook.Steps, s => s.Command == $"sudo crictl ps -a --name '^{pod}$'");
    }

    [Fact]
    public void Run_NothingToReach_NoFinding()
    {
        using var node = new DoctorTree();
        Assert.DoesNotContain(Run(node, new()).Findings, f => f.Id == FindingIds.ComponentNotAnswering);
    }
}
