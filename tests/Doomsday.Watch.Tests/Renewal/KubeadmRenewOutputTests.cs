using Doomsday.Watch.Renewal;
using N = Doomsday.Core.Sources.Kubeadm.KubeadmNames;

namespace Doomsday.Watch.Tests.Renewal;

/// <summary>
/// <c>kubeadm certs renew</c>'s output as kubeadm prints it (cmd/kubeadm/app/cmd/certs.go: <c>renewCert</c>
/// prints <c>"%s renewed"</c>, <c>"MISSING! %s"</c>, <c>"Detected external %s, %s can't be renewed"</c>;
/// <c>getInternalCfg</c> the fall-back line; newer releases append <c>": PATH"</c>).
/// </summary>
public sealed class KubeadmRenewOutputTests
{
    [Fact]
    public void Parse_RenewAllOnAJoinedNodeWithExternalFrontProxyCa_NamesEachOutcome()
    {
        const string output = """
            [renew] Reading configuration from the cluster...
            [renew] FYI: You can look at this config file with 'kubectl -n kube-system get cm kubeadm-config -o yaml'
            [renew] Error reading configuration from the Cluster. Falling back to default configuration

            certificate embedded in the kubeconfig file for the admin to use and for kubeadm itself renewed
            certificate for serving the Kubernetes API renewed
            certificate the apiserver uses to access etcd renewed
            certificate for the API server to connect to kubelet renewed
            certificate embedded in the kubeconfig file for the controller manager to use renewed
            certificate for liveness probes to healthcheck etcd renewed
            certificate for etcd nodes to communicate with each other renewed
            certificate for serving etcd renewed
            Detected external front-proxy-ca, certificate for the front proxy client can't be renewed
            certificate embedded in the kubeconfig file for the scheduler manager to use renewed
            MISSING! certificate embedded in the kubeconfig file for the super-admin

            Done renewing certificates. You must restart the kube-apiserver, kube-controller-manager, kube-scheduler and etcd, so that they can use the new certificates.
            """;

        var report = KubeadmRenewOutput.Parse(output);

        Assert.True(report.UsedDefaultConfiguration);
        Assert.Empty(report.Unrecognised);
        Assert.Equal(11, report.Certificates.Count);
        Assert.Equal(KubeadmRenewOutcome.ExternalCa, report.Certificates.Single(c => c.Name == N.FrontProxyClient).Outcome);
        Assert.Equal(KubeadmRenewOutcome.Missing, report.Certificates.Single(c => c.Name == N.SuperAdminConf).Outcome);
        Assert.Equal(9, report.Certificates.Count(c => c.Outcome == KubeadmRenewOutcome.Renewed));
    }

    [Fact]
    public void Parse_NewerReleaseWithPaths_ReadsMissingAndExternalLines()
    {
        const string output = """
            MISSING! certificate for serving etcd: /etc/kubernetes/pki/etcd/server.crt
            Detected external ca, certificate for serving the Kubernetes API can't be renewed: /etc/kubernetes/pki/apiserver.crt
            """;

        var report = KubeadmRenewOutput.Parse(output);

        Assert.False(report.UsedDefaultConfiguration);
        Assert.Equal(
            [(N.EtcdServer, KubeadmRenewOutcome.Missing), (N.Apiserver, KubeadmRenewOutcome.ExternalCa)],
            report.Certificates.Select(c => (c.Name, c.Outcome)));
    }

    [Fact]
    public void Parse_LineItDoesNotKnow_KeptAsUnrecognisedNotCountedAsRenewed()
    {
        var report = KubeadmRenewOutput.Parse("certificate for something new renewed\nerror execution phase: open /etc/kubernetes/pki/ca.crt: permission denied\n");

        Assert.Empty(report.Certificates);
        Assert.Equal(["certificate for something new renewed", "error execution phase: open /etc/kubernetes/pki/ca.crt: permission denied"], report.Unrecognised);
    }
}
