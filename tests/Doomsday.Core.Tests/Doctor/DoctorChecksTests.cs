using Doomsday.Core.Doctor;
using Doomsday.Core.Tests.Support;
using N = Doomsday.Core.Sources.Kubeadm.KubeadmNames;

namespace Doomsday.Core.Tests.Doctor;

/// <summary>
/// Each check fires on a node damaged in exactly one way (<see cref="DoctorScenarios"/>), and stays quiet on a
/// healthy one. The nodes are real generated kubeadm trees read through the same gatherer the CLI uses (no
/// handshakes: a copy of a tree is not this machine's node, so components are reached only when told where).
/// </summary>
public sealed class DoctorChecksTests
{
    private static IReadOnlyList<string> Ids(DoctorReport r) => r.Findings.Select(f => f.Id).Distinct().Order().ToList();

    [Fact]
    public void Run_HealthyNode_NoFindings()
    {
        using var node = new DoctorTree();
        Assert.Empty(node.Run().Findings);
    }

    [Fact]
    public void Run_LeafFromAnotherCluster_ChainBroken()
    {
        var report = DoctorScenarios.LeafFromAnotherCluster();
        var f = Assert.Single(report.Findings, f => f.Id == FindingIds.ChainBroken);
        Assert.Equal("apiserver", f.Subject);
        Assert.Contains(f.Runbook.Steps, s => s.Command?.Contains("kubeadm certs renew apiserver") == true);
        Assert.DoesNotContain(report.Findings, x => x.Id == FindingIds.KeyMismatch);
    }

    [Fact]
    public void Run_KeyFromAnotherCluster_KeyMismatch()
    {
        var f = Assert.Single(DoctorScenarios.KeyFromAnotherCluster().Findings);
        Assert.Equal((FindingIds.KeyMismatch, "front-proxy-client"), (f.Id, f.Subject));
    }

    [Fact]
    public void Run_LeafCopiedOverCa_NotACa() =>
        Assert.Contains(DoctorScenarios.LeafCopiedOverCa().Findings, f => f.Id == FindingIds.NotACa && f.Subject == "front-proxy-ca");

    [Fact]
    public void Run_KubeconfigWithAnotherClustersCa_KubeconfigCaMismatchOnly()
    {
        var f = Assert.Single(DoctorScenarios.KubeconfigWithAnotherClustersCa().Findings);
        Assert.Equal(FindingIds.KubeconfigCaMismatch, f.Id);
        Assert.Contains("scheduler.conf", f.Subject);
        Assert.Contains(f.Runbook.Steps, s => s.Command?.Contains("--embed-certs") == true);
        // the edit is loaded only when the scheduler restarts
        Assert.Contains(f.Runbook.Steps, s => s.Command == "sudo mv /etc/kubernetes/manifests/kube-scheduler.yaml /tmp/kube-scheduler.yaml");
    }

    [Fact]
    public void Run_KubeconfigServerNotInSans_SanMissing()
    {
        var f = Assert.Single(DoctorScenarios.KubeconfigServerNotInSans().Findings);
        Assert.Equal(FindingIds.SanMissing, f.Id);
        Assert.Contains(f.Evidence, e => e.Label == "name checked" && e.Value == "api.elsewhere.example");
    }

    [Fact]
    public void Run_ClientCertFromAnotherCluster_ClientCertUntrusted() =>
        Assert.Equal([FindingIds.ClientCertUntrusted], Ids(DoctorScenarios.ClientCertFromAnotherCluster()));

    [Fact]
    public void Run_EtcdAdvertisesAddressNotInItsCertificate_EtcdSanMissing()
    {
        var f = Assert.Single(DoctorScenarios.EtcdAdvertisesAddressNotInCertificate().Findings);
        Assert.Equal((FindingIds.EtcdSanMissing, "etcd-server"), (f.Id, f.Subject));
        Assert.Contains(f.Evidence, e => e.Label == "missing" && e.Value.Contains("10.0.0.99"));
        // kubeadm keeps an existing file: the old pair goes first, and the configuration comes from the cluster
        var commands = f.Runbook.Steps.Select(s => s.Command).OfType<string>().ToList();
        var move = commands.FindIndex(c => c == "sudo mv /etc/kubernetes/pki/etcd/server.crt /etc/kubernetes/pki/etcd/server.key /tmp/");
        var init = commands.FindIndex(c => c == "sudo kubeadm init phase certs etcd-server --config kubeadm-config.yaml");
        var export = commands.FindIndex(c => c.Contains("get cm kubeadm-config -o jsonpath='{.data.ClusterConfiguration}' > kubeadm-config.yaml", StringComparison.Ordinal));
        Assert.True(export >= 0 && export < move && move < init, string.Join("\n", commands));
    }

    [Fact]
    public void Run_EtcdClientFromAnotherEtcdCa_EtcdClientUntrusted()
    {
        var ids = Ids(DoctorScenarios.EtcdClientFromAnotherEtcdCa());
        Assert.Contains(FindingIds.EtcdClientUntrusted, ids);
        Assert.Contains(FindingIds.ChainBroken, ids);
    }

    [Fact]
    public void Run_NotBeforeInTheFuture_NotYetValid()
    {
        var f = Assert.Single(DoctorScenarios.NotBeforeInTheFuture().Findings);
        Assert.Equal((FindingIds.NotYetValid, FindingSeverity.Emergency, "front-proxy-client"), (f.Id, f.Severity, f.Subject));
    }

    [Fact]
    public void Run_LeafOutlivingItsCa_OutlivesIssuer()
    {
        var f = Assert.Single(DoctorScenarios.LeafOutlivingItsCa().Findings);
        Assert.Equal((FindingIds.OutlivesIssuer, "apiserver"), (f.Id, f.Subject));
        Assert.DoesNotContain(f.Runbook.Steps, s => s.Command?.StartsWith("http", StringComparison.Ordinal) == true);
    }

    [Theory]
    [InlineData(-3, FindingIds.CertificateExpired, FindingSeverity.Emergency)]
    [InlineData(5, FindingIds.CertificateExpiring, FindingSeverity.Emergency)]
    [InlineData(20, FindingIds.CertificateExpiring, FindingSeverity.Critical)]
    [InlineData(60, FindingIds.CertificateExpiring, FindingSeverity.Warning)]
    public void Run_LeafNearOrPastExpiry_SeverityOfTheOneScaleWithRenewalRunbook(int daysLeft, string id, FindingSeverity severity)
    {
        var f = Assert.Single(DoctorScenarios.LeafWithDaysLeft(N.EtcdPeer, daysLeft).Findings);
        Assert.Equal((id, severity, "etcd-peer"), (f.Id, f.Severity, f.Subject));
        Assert.Contains(f.Runbook.Steps, s => s.Command == "sudo kubeadm certs renew etcd-peer");
        Assert.Contains(f.Runbook.Steps, s => s.Command?.Contains("/etc/kubernetes/manifests/etcd.yaml") == true);
    }

    [Fact]
    public void Run_WeakRsaSha1Leaf_WeakKeyAndCriticalWeakSignature()
    {
        var report = DoctorScenarios.WeakRsaSha1Leaf();
        Assert.Equal([FindingIds.WeakKey, FindingIds.WeakSignature], Ids(report));
        Assert.All(report.Findings, f => Assert.Equal("legacy-webhook", f.Subject));
        // Go 1.18 (Kubernetes 1.24) rejects SHA-1 signatures: every component refuses it
        Assert.Equal(FindingSeverity.Critical, report.Findings.Single(f => f.Id == FindingIds.WeakSignature).Severity);
    }

    [Fact]
    public void Run_RotatedClientNewerThanCurrent_KubeletClientRotationInfoWhileRotationIsOn()
    {
        var f = Assert.Single(DoctorScenarios.RotatedClientNewerThanCurrent().Findings);
        Assert.Equal((FindingIds.KubeletClientRotation, FindingSeverity.Info), (f.Id, f.Severity));
        Assert.Contains(f.Runbook.Steps, s => s.Command?.StartsWith("sudo ln -sfn /var/lib/kubelet/pki/kubelet-client-", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void FindingIds_All_DocumentedInFindingsMd()
    {
        var docs = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "findings.md"));
        Assert.All(FindingIds.All, id => Assert.Contains($"`{id}`", docs, StringComparison.Ordinal));
        Assert.Equal(FindingIds.All.Count, FindingIds.All.Distinct().Count());
    }
}
