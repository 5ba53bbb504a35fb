using Doomsday.Core.Doctor;
using Doomsday.Core.Pki;

namespace Doomsday.Core.Tests.Doctor;

/// <summary>
/// Healthy nodes of every layout, written the way kubeadm, the kubelet and the controller-manager write
/// them, give nothing at warning or above: RSA and ECDSA, intermediate CAs with and without the root in the
/// CA files, an external CA, IPv6, a worker, a two-year-old node renewed correctly, and each stage of the
/// kubernetes.io CA rotation procedure with the new CA first or last in the bundles.
/// </summary>
public sealed class DoctorLayoutsTests
{
    public static TheoryData<string> Layouts() => new(DoctorScenarios.Layouts().Select(s => s.Name));

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Run_HealthyLayout_NothingAtWarningOrAbove(string layout)
    {
        var report = DoctorScenarios.Layouts().Single(s => s.Name == layout).Run();

        Assert.Empty(DoctorScenarios.Serious(report));
        // Every file was read. Only what no copy of a tree can show is listed as not checked: whether the
        // components restarted after a renewal (component-start reads that from their ports, not reached here).
        Assert.DoesNotContain(report.Skipped, s => s.Check != "component-start");
    }

    [Fact]
    public void Run_TwoYearOldNodeRenewed_OnlyTheKubeletsOwnServingCertificateAsInfo()
    {
        // The kubelet made kubelet.crt two years ago and nobody renews it: nothing in the cluster checks it.
        var f = Assert.Single(DoctorScenarios.TwoYearOldRenewed().Findings);
        Assert.Equal((FindingIds.CertificateExpired, FindingSeverity.Info, "kubelet.crt"), (f.Id, f.Severity, f.Subject));
    }

    [Fact]
    public void Run_MidRotationOldCaFirst_NoFindingAtAll()
    {
        // The chain, key and kubeconfig checks judge a CA bundle as a whole, whichever CA comes first.
        Assert.Empty(DoctorScenarios.MidRotation(CaRotationStage.ClientsTrustBoth, newFirst: false).Findings);
    }
}
