using Doomsday.Core.Certificates;
using Doomsday.Core.Doctor;
using Doomsday.Core.Inventory;
using Doomsday.Core.Pki;
using N = Doomsday.Core.Sources.Kubeadm.KubeadmNames;

namespace Doomsday.Core.Tests.Doctor.Checks;

/// <summary>Expiry on the one severity scale, and the runbooks that fit where the certificate lives.</summary>
public sealed class ValidityCheckTests
{
    private static List<string> Commands(Finding f) => f.Runbook.Steps.Select(s => s.Command).OfType<string>().ToList();

    [Fact]
    public void Run_KubeletsSelfSignedServingPairExpired_OneInfoFinding()
    {
        // Leaf and its own CA expire together: one problem, which the kubelet repairs when it starts without the files.
        var f = Assert.Single(DoctorScenarios.KubeletServingExpired().Findings);
        Assert.Equal((FindingIds.CertificateExpired, FindingSeverity.Info, "kubelet.crt"), (f.Id, f.Severity, f.Subject));
        Assert.Contains("sudo mv /var/lib/kubelet/pki/kubelet.crt /var/lib/kubelet/pki/kubelet.crt.old && sudo mv /var/lib/kubelet/pki/kubelet.key /var/lib/kubelet/pki/kubelet.key.old", Commands(f));
    }

    [Fact]
    public void Run_ExpiringUnderAnExternalCa_CsrsNotKubeadmRenew()
    {
        var f = Assert.Single(DoctorScenarios.ExpiringUnderExternalCa().Findings);
        Assert.Equal((FindingIds.CertificateExpiring, FindingSeverity.Critical, "apiserver"), (f.Id, f.Severity, f.Subject));
        Assert.Contains(Commands(f), c => c.StartsWith("sudo kubeadm certs generate-csr", StringComparison.Ordinal));
        Assert.DoesNotContain(Commands(f), c => c.Contains("kubeadm certs renew", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_StaleCopyOfAdminConf_CopiedAgainWithOwnership()
    {
        var f = Assert.Single(DoctorScenarios.StaleUserKubeconfig().Findings);
        Assert.Equal(FindingIds.CertificateExpired, f.Id);
        // admin.conf itself was renewed: copy it again, nothing to renew
        Assert.Equal(["mkdir -p $HOME/.kube && sudo cp /etc/kubernetes/admin.conf $HOME/.kube/config && sudo chown $(id -u):$(id -g) $HOME/.kube/config"], Commands(f));
    }

    /// <summary>scan, doctor and watch alerts rate a certificate with the same words at the same thresholds (docs/severity.md).</summary>
    [Theory]
    [InlineData(60, "warning", FindingSeverity.Warning)]
    [InlineData(19, "critical", FindingSeverity.Critical)]
    [InlineData(5, "emergency", FindingSeverity.Emergency)]
    [InlineData(-3, "expired", FindingSeverity.Emergency)]
    public void Run_LeafDaysLeft_SameSeverityAsScan(int daysLeft, string scanSeverity, FindingSeverity doctorSeverity)
    {
        using var node = new DoctorNode(o => o with
        {
            Validity = new Dictionary<string, CertificateValidity> { [N.FrontProxyClient] = CertificateValidity.Around(DoctorNode.Now, TimeSpan.FromDays(300), TimeSpan.FromDays(daysLeft)) },
        });
        var (inputs, report) = DoctorNode.Gather(node.Root, DoctorNode.Now);

        var scanned = EvaluatedCertificate.Evaluate(inputs.Named(N.FrontProxyClient)!, Thresholds.Default, DoctorNode.Now);
        Assert.Equal(scanSeverity, scanned.Severity.ToWire());
        Assert.Equal(doctorSeverity, Assert.Single(report.Findings).Severity);
        Assert.Equal(doctorSeverity, FindingSeverityNames.OfExpiry(scanned.Severity));
    }

    [Fact]
    public void Run_CaExpiringIn19Days_CriticalAsScanSaysWithTheRotationProcedure()
    {
        var report = DoctorScenarios.CaWith19DaysLeft();
        var f = Assert.Single(report.Findings, f => f.Subject == "etcd-ca");
        Assert.Equal((FindingIds.CertificateExpiring, FindingSeverity.Critical), (f.Id, f.Severity));
        Assert.DoesNotContain(f.Runbook.Steps, s => s.Command?.StartsWith("http", StringComparison.Ordinal) == true);
    }
}
