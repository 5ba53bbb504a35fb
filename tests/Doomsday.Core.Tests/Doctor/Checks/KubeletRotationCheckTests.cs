using Doomsday.Core.Doctor;
using Doomsday.Core.Doctor.Runbooks;

namespace Doomsday.Core.Tests.Doctor.Checks;

/// <summary>The kubelet's client certificate on nodes written the kubelet's way (absolute -current link, dated rotated files).</summary>
public sealed class KubeletRotationCheckTests
{
    private static Finding Kubelet(DoctorReport report) => Assert.Single(report.Findings, f => f.Subject == "kubelet.conf");

    private static List<string> Commands(Finding f) => f.Runbook.Steps.Select(s => s.Command).OfType<string>().ToList();

    [Fact]
    public void Run_LinkOnExpiredBesideValidRotated_CriticalRepointWithNodePaths()
    {
        var f = Kubelet(DoctorScenarios.KubeletLinkOnExpired());

        Assert.Equal((FindingIds.KubeletClientRotation, FindingSeverity.Critical), (f.Id, f.Severity));
        Assert.Contains("NotReady", f.Summary, StringComparison.Ordinal);
        var link = Assert.Single(Commands(f), c => c.StartsWith("sudo ln -sfn ", StringComparison.Ordinal));
        Assert.Matches(@"^sudo ln -sfn /var/lib/kubelet/pki/kubelet-client-\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d\.pem /var/lib/kubelet/pki/kubelet-client-current\.pem$", link);
        Assert.Contains("sudo systemctl restart kubelet", Commands(f));
    }

    [Fact]
    public void Run_ExpiredNothingValidOnControlPlane_EmergencyCsrRecovery()
    {
        var f = Kubelet(DoctorScenarios.KubeletClient(new(DoctorNode.Now.AddDays(-400), DoctorNode.Now.AddDays(-35))));

        Assert.Equal((FindingIds.CertificateExpired, FindingSeverity.Emergency), (f.Id, f.Severity));
        AssertCsrRecovery(f);
    }

    [Fact]
    public void Run_ExpiredOnWorker_CsrRecoveryWithoutTheCaKey()
    {
        var f = Kubelet(DoctorScenarios.KubeletExpiredOnWorker());

        Assert.Equal((FindingIds.CertificateExpired, FindingSeverity.Emergency), (f.Id, f.Severity));
        AssertCsrRecovery(f);
    }

    /// <summary>A token made on a control-plane node, typed on this node, a bootstrap kubeconfig for the kubelet's CSR; never the CA key.</summary>
    private static void AssertCsrRecovery(Finding f)
    {
        var token = Assert.Single(f.Runbook.Steps, s => s.Command?.StartsWith("sudo kubeadm token create", StringComparison.Ordinal) == true);
        Assert.Equal(RunOn.ControlPlane, token.On);
        Assert.Contains(f.Runbook.Steps, s => s.Command == "read -r -s -p 'bootstrap token: ' TOKEN; echo" && s.On == RunOn.ThisNode);
        Assert.Contains(Commands(f), c => c.Contains("--kubeconfig /etc/kubernetes/bootstrap-kubelet.conf --server https://10.0.0.10:6443", StringComparison.Ordinal)
                                          && c.Contains("--token \"$TOKEN\"", StringComparison.Ordinal));
        Assert.Contains("sudo mv /etc/kubernetes/kubelet.conf /etc/kubernetes/kubelet.conf.old", Commands(f));
        Assert.DoesNotContain(Commands(f), c => c.Contains("ca.key", StringComparison.Ordinal) || c.Contains("/tmp/kubelet.conf", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_RotationOnBeforeItsDeadline_OnlyInfo()
    {
        var f = Kubelet(DoctorScenarios.KubeletClient(new(DoctorNode.Now.AddDays(60 - 365), DoctorNode.Now.AddDays(60))));
        Assert.Equal((FindingIds.CertificateExpiring, FindingSeverity.Info), (f.Id, f.Severity));
    }

    [Fact]
    public void Run_RotationOnButOverdue_SeverityByDateAndCsrChecks()
    {
        var f = Kubelet(DoctorScenarios.KubeletClient(new(DoctorNode.Now.AddDays(15 - 365), DoctorNode.Now.AddDays(15))));
        Assert.Equal((FindingIds.CertificateExpiring, FindingSeverity.Critical), (f.Id, f.Severity));
        Assert.Contains(Commands(f), c => c.StartsWith("kubectl get csr", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_RotationOff_CriticalAndTurnedOnInConfigYaml()
    {
        var f = Kubelet(DoctorScenarios.KubeletClient(new(DoctorNode.Now.AddDays(20 - 365), DoctorNode.Now.AddDays(20)), rotate: false));
        Assert.Equal((FindingIds.CertificateExpiring, FindingSeverity.Critical), (f.Id, f.Severity));
        Assert.Contains("rotateCertificates is off in /var/lib/kubelet/config.yaml", f.Summary, StringComparison.Ordinal);
        Assert.Contains(Commands(f), c => c.Contains("rotateCertificates: true", StringComparison.Ordinal) && c.Contains("/var/lib/kubelet/config.yaml", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_ClientFromAnotherClustersCa_UntrustedWithCsrRecovery()
    {
        var f = Assert.Single(DoctorScenarios.KubeletClientFromForeignCa().Findings);
        Assert.Equal((FindingIds.ClientCertUntrusted, FindingSeverity.Critical, "kubelet.conf user system:node:controlplane"), (f.Id, f.Severity, f.Subject));
        AssertCsrRecovery(f);
    }

    [Fact]
    public void Run_EmbeddedValidWithRotationOn_InfoToNameTheRotatedFile()
    {
        var f = Kubelet(DoctorScenarios.KubeletConfEmbedded(expired: false));
        Assert.Equal((FindingIds.KubeletClientRotation, FindingSeverity.Info), (f.Id, f.Severity));
        Assert.Contains(Commands(f), c => c.Contains("client-certificate: /var/lib/kubelet/pki/kubelet-client-current.pem", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_EmbeddedExpiredNothingRotated_EmergencyCsrRecovery()
    {
        var f = Kubelet(DoctorScenarios.KubeletConfEmbedded(expired: true));
        Assert.Equal((FindingIds.CertificateExpired, FindingSeverity.Emergency), (f.Id, f.Severity));
        AssertCsrRecovery(f);
    }
}
