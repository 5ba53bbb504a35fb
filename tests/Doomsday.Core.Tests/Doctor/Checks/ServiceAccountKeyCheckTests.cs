using Doomsday.Core.Doctor;
using Doomsday.Core.Tests.Support;

namespace Doomsday.Core.Tests.Doctor.Checks;

/// <summary>Seed 003: service-account tokens signed with one key and verified with another, on generated kubeadm nodes.</summary>
public sealed class ServiceAccountKeyCheckTests
{
    [Fact]
    public void Run_SaPubFromAnotherCluster_OneFindingNamingBothSigners()
    {
        using var node = new DoctorTree();
        node.TakeFromOther("pki/sa.pub");

        var finding = Assert.Single(node.Run().Findings);

        Assert.Equal((FindingIds.ServiceAccountKeyMismatch, FindingSeverity.Critical, "service-account keys"), (finding.Id, finding.Severity, finding.Subject));
        Assert.Contains("kube-apiserver --service-account-signing-key-file and kube-controller-manager --service-account-private-key-file sign", finding.Summary, StringComparison.Ordinal);
        Assert.Equal(2, finding.Evidence.Count(e => e.Label == "signs tokens"));
        Assert.Contains(finding.Runbook.Steps, s => s.Command == "sudo mv /etc/kubernetes/manifests/kube-apiserver.yaml /tmp/kube-apiserver.yaml");
        Assert.Contains(finding.Runbook.Steps, s => s.Command == "sudo mv /etc/kubernetes/manifests/kube-controller-manager.yaml /tmp/kube-controller-manager.yaml");
        Assert.DoesNotContain(finding.Evidence, e => e.Value.Contains("PRIVATE KEY", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_DerivingTheVerificationKeyAsTheRunbookSays_MismatchGone()
    {
        using var node = new DoctorTree();
        node.TakeFromOther("pki/sa.pub");
        var finding = Assert.Single(node.Run().Findings);
        var derive = Assert.Single(finding.Runbook.Steps, s => s.Command?.StartsWith("sudo openssl pkey -in /etc/kubernetes/pki/sa.key -pubout -out", StringComparison.Ordinal) == true);

        var (code, output) = RunbookShell.Run(derive.Command!, node.Root);
        Assert.True(code == 0, output);
        var compare = RunbookShell.Run(finding.Runbook.Verify[0].Command!, node.Root).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Empty(node.Run().Findings);
        Assert.Equal(2, compare.Length);
        Assert.Equal(compare[0], compare[1]);
    }

    [Fact]
    public void Run_RotationWithOldAndNewVerificationKeys_NoFinding()
    {
        // kubernetes.io's service-account key rotation: the API server verifies with the old and the new key for a while.
        using var node = new DoctorTree();
        File.Copy(node.OtherPki("sa.pub"), node.Pki("sa-old.pub"));
        node.Edit("manifests/kube-apiserver.yaml", t => t.Replace(
            "    - --service-account-key-file=/etc/kubernetes/pki/sa.pub\n",
            "    - --service-account-key-file=/etc/kubernetes/pki/sa-old.pub\n    - --service-account-key-file=/etc/kubernetes/pki/sa.pub\n", StringComparison.Ordinal));

        Assert.Empty(node.Run().Findings);
    }

    [Fact]
    public void Run_SigningKeyOnlyInTheFirstOfTwoVerificationFiles_NoFindingAndSecondFileAlsoRead()
    {
        using var node = new DoctorTree();
        File.Copy(node.OtherPki("sa.pub"), node.Pki("sa-next.pub"));
        node.Edit("manifests/kube-apiserver.yaml", t => t.Replace(
            "    - --service-account-key-file=/etc/kubernetes/pki/sa.pub\n",
            "    - --service-account-key-file=/etc/kubernetes/pki/sa.pub\n    - --service-account-key-file=/etc/kubernetes/pki/sa-next.pub\n", StringComparison.Ordinal));
        // The controller-manager signs with the other cluster's key, which only the second file verifies.
        File.Copy(node.OtherPki("sa.key"), node.Pki("sa-next.key"));
        node.Edit("manifests/kube-controller-manager.yaml", t => t.Replace("--service-account-private-key-file=/etc/kubernetes/pki/sa.key", "--service-account-private-key-file=/etc/kubernetes/pki/sa-next.key", StringComparison.Ordinal));

        Assert.Empty(node.Run().Findings);
    }

    [Fact]
    public void Run_TreeWithoutManifests_ComparesSaKeyWithSaPub()
    {
        using var node = new DoctorTree();
        Directory.Delete(Path.Combine(node.Root, "manifests"), recursive: true);
        node.TakeFromOther("pki/sa.key");

        var finding = Assert.Single(node.Run().Findings, f => f.Id == FindingIds.ServiceAccountKeyMismatch);

        Assert.StartsWith("pki/sa.key signs service-account tokens", finding.Summary, StringComparison.Ordinal);
    }
}
