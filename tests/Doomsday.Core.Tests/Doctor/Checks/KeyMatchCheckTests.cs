using Doomsday.Core.Doctor;

namespace Doomsday.Core.Tests.Doctor.Checks;

/// <summary>The controller-manager's signing pair, as Go's tls.X509KeyPair loads it (the first certificate of the file).</summary>
public sealed class KeyMatchCheckTests
{
    [Fact]
    public void Run_SigningFromBundleWithOldCaFirst_ControllerManagerKeyMismatch()
    {
        var f = Assert.Single(DoctorScenarios.ControllerManagerSigningFromBundle(newFirst: false).Findings);
        Assert.Equal((FindingIds.KeyMismatch, FindingSeverity.Critical, "kube-controller-manager"), (f.Id, f.Severity, f.Subject));
        Assert.Contains(f.Runbook.Steps, s => s.Command == "sudo sh -c \"awk '/BEGIN CERTIFICATE/{n++} n==2' /etc/kubernetes/pki/ca.crt > /etc/kubernetes/pki/ca-signing.crt\"");
    }

    [Fact]
    public void Run_SigningFromBundleWithNewCaFirst_NoFinding() =>
        Assert.Empty(DoctorScenarios.ControllerManagerSigningFromBundle(newFirst: true).Findings);
}
