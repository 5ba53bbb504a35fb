using Doomsday.Core.Doctor;
using Doomsday.Core.Doctor.Checks;
using static Doomsday.Core.Tests.Doctor.Checks.ClusterTestData;

namespace Doomsday.Core.Tests.Doctor.Checks;

public sealed class CsrPendingCheckTests
{
    private const string Serving = "kubernetes.io/kubelet-serving";

    private static DoctorReport RunWith(params k8s.Models.V1CertificateSigningRequest[] csrs) =>
        ClusterTestData.Run(new CsrPendingCheck(), Inputs(Snapshot() with { SigningRequests = csrs }));

    [Fact]
    public void Run_KubeletServingPendingLongerThanThreshold_Finding()
    {
        var f = Assert.Single(RunWith(Csr("csr-abc12", Serving, "system:node:worker-1", Now.AddHours(-3))).Findings);
        Assert.Equal((FindingIds.CsrPending, FindingSeverity.Warning), (f.Id, f.Severity));
        Assert.Equal("prod CertificateSigningRequest csr-abc12", f.Subject);
        Assert.Contains("never auto-approved", f.Summary, StringComparison.Ordinal);
        var approve = f.Runbook.Steps.Select((s, i) => (s, i)).Single(x => x.s.Command == "kubectl --context prod certificate approve csr-abc12").i;
        var inspect = f.Runbook.Steps.Select((s, i) => (s, i)).First(x => x.s.Command?.Contains("openssl req") == true).i;
        Assert.True(inspect < approve, "the requester must be checked before approving");
        Assert.Contains(f.Runbook.Steps, s => s.Command == "kubectl --context prod get node worker-1 -o jsonpath='{.status.addresses}'");
    }

    [Fact]
    public void Run_PendingYoungerThanThreshold_NoFinding() =>
        Assert.Empty(RunWith(Csr("csr-new", Serving, "system:node:worker-1", Now.AddMinutes(-20))).Findings);

    [Fact]
    public void Run_ApprovedOrDenied_NoFinding() =>
        Assert.Empty(RunWith(
            Csr("csr-ok", Serving, "system:node:worker-1", Now.AddDays(-2), "Approved"),
            Csr("csr-no", Serving, "system:node:worker-2", Now.AddDays(-2), "Denied")).Findings);

    [Fact]
    public void Run_ThresholdFromInputs_Respected()
    {
        var inputs = Inputs(Snapshot() with { SigningRequests = [Csr("csr-a", Serving, "system:node:w", Now.AddMinutes(-20))] }) with { CsrPendingAfter = TimeSpan.FromMinutes(10) };
        Assert.Single(ClusterTestData.Run(new CsrPendingCheck(), inputs).Findings);
    }

    [Fact]
    public void Run_SameNodeRetried_OneFindingNamingNewest()
    {
        var f = Assert.Single(RunWith(
            Csr("csr-old", Serving, "system:node:worker-1", Now.AddHours(-5)),
            Csr("csr-newer", Serving, "system:node:worker-1", Now.AddHours(-2))).Findings);
        Assert.Equal("prod CertificateSigningRequest csr-newer", f.Subject);
        Assert.Contains(f.Evidence, e => e.Label == "pending requests" && e.Value == "2");
    }

    [Fact]
    public void Run_KubeletClientPending_Critical()
    {
        var f = Assert.Single(RunWith(Csr("node-csr-x", "kubernetes.io/kube-apiserver-client-kubelet", "system:bootstrap:abcdef", Now.AddHours(-2))).Findings);
        Assert.Equal(FindingSeverity.Critical, f.Severity);
    }
}
