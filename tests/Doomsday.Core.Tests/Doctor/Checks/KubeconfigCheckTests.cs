using Doomsday.Core.Doctor;

namespace Doomsday.Core.Tests.Doctor.Checks;

/// <summary>Kubeconfigs against the cluster CA (all of ca.crt) and the API server's --client-ca-file; one finding per problem.</summary>
public sealed class KubeconfigCheckTests
{
    private static List<string> Commands(Finding f) => f.Runbook.Steps.Select(s => s.Command).OfType<string>().ToList();

    [Fact]
    public void Run_TwoKubeconfigsLeftOnTheOldCa_OneFindingThatRestartsTheirReaders()
    {
        var f = Assert.Single(DoctorScenarios.KubeconfigsLeftOnOldCa().Findings);

        Assert.Equal((FindingIds.KubeconfigCaMismatch, "controller-manager.conf cluster kubernetes, scheduler.conf cluster kubernetes"), (f.Id, f.Subject));
        var commands = Commands(f);
        Assert.Contains("sudo kubectl config set-cluster kubernetes --kubeconfig /etc/kubernetes/scheduler.conf --certificate-authority /etc/kubernetes/pki/ca.crt --embed-certs=true", commands);
        var edit = commands.FindIndex(c => c.Contains("set-cluster", StringComparison.Ordinal));
        Assert.True(edit < commands.IndexOf("sudo mv /etc/kubernetes/manifests/kube-controller-manager.yaml /tmp/kube-controller-manager.yaml"));
        Assert.True(edit < commands.IndexOf("sudo mv /etc/kubernetes/manifests/kube-scheduler.yaml /tmp/kube-scheduler.yaml"));
    }

    [Fact]
    public void Run_AdminClientFromTheOldCaAfterRotation_Untrusted()
    {
        var f = Assert.Single(DoctorScenarios.AdminClientFromOldCa().Findings);
        Assert.Equal((FindingIds.ClientCertUntrusted, "admin.conf user kubernetes-admin"), (f.Id, f.Subject));
        Assert.Contains("sudo kubeadm certs renew admin.conf", Commands(f));
        // kubeadm's own words after init: the user's copy, owned by the user
        Assert.Contains("mkdir -p $HOME/.kube && sudo cp /etc/kubernetes/admin.conf $HOME/.kube/config && sudo chown $(id -u):$(id -g) $HOME/.kube/config", Commands(f));
    }

    [Fact]
    public void Run_KubeconfigWithAnotherClustersCaAndClient_ClientJudgedByTheApiServersCa()
    {
        // Its client certificate chains to its own CA: judged by that, it would pass.
        var report = DoctorScenarios.KubeconfigWithForeignCaAndClient();
        Assert.Equal([FindingIds.ClientCertUntrusted, FindingIds.KubeconfigCaMismatch], report.Findings.Select(f => f.Id).Order().ToArray());
        var untrusted = report.Findings.Single(f => f.Id == FindingIds.ClientCertUntrusted);
        Assert.Contains("/etc/kubernetes/pki/ca.crt", untrusted.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_FiveKubeconfigsWithAServerNameTheCertificateLacks_OneFinding()
    {
        var f = Assert.Single(DoctorScenarios.ServerNameMissingInFiveKubeconfigs().Findings);
        Assert.Equal(FindingIds.SanMissing, f.Id);
        Assert.Equal(5, f.Evidence.Count(e => e.Label == "kubeconfig"));
        var commands = Commands(f);
        var export = commands.FindIndex(c => c.EndsWith("get cm kubeadm-config -o jsonpath='{.data.ClusterConfiguration}' > kubeadm-config.yaml", StringComparison.Ordinal));
        var move = commands.IndexOf("sudo mv /etc/kubernetes/pki/apiserver.crt /etc/kubernetes/pki/apiserver.key /tmp/");
        var init = commands.IndexOf("sudo kubeadm init phase certs apiserver --config kubeadm-config.yaml");
        Assert.True(export >= 0 && export < move && move < init, string.Join("\n", commands));
        Assert.Contains(f.Runbook.Steps, s => s.Command == commands[init] && s.On == Core.Doctor.Runbooks.RunOn.EachControlPlane);
    }

    [Fact]
    public void Run_KubeconfigOfAnotherClusterBesideTheNode_NotJudgedByThisClustersCas() =>
        Assert.Empty(DoctorScenarios.OtherClustersKubeconfigBesideTheNode().Findings);
}
