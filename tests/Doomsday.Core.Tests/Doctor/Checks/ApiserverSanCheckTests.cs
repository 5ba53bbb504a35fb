using System.Net;
using Doomsday.Core.Doctor;
using Doomsday.Core.Pki;
using Doomsday.Core.Tests.Support;

namespace Doomsday.Core.Tests.Doctor.Checks;

/// <summary>apiserver.crt against the manifest's --advertise-address, on generated kubeadm nodes (IPv4 and IPv6).</summary>
public sealed class ApiserverSanCheckTests
{
    [Fact]
    public void Run_AdvertiseAddressChangedAfterTheCertificate_ApiserverSanMissingWithKubeadmCommand()
    {
        using var node = new DoctorTree();
        node.Edit("manifests/kube-apiserver.yaml", t => t.Replace("--advertise-address=10.0.0.10", "--advertise-address=10.0.0.99", StringComparison.Ordinal));

        var finding = Assert.Single(node.Run().Findings);

        Assert.Equal((FindingIds.ApiserverSanMissing, FindingSeverity.Critical, "apiserver"), (finding.Id, finding.Severity, finding.Subject));
        Assert.Contains("does not list 10.0.0.99", finding.Summary, StringComparison.Ordinal);
        var commands = finding.Runbook.Steps.Select(s => s.Command).OfType<string>().ToList();
        var remove = commands.FindIndex(c => c == "sudo rm /etc/kubernetes/pki/apiserver.crt /etc/kubernetes/pki/apiserver.key");
        var make = commands.FindIndex(c => c.StartsWith("sudo kubeadm init phase certs apiserver ", StringComparison.Ordinal));
        Assert.InRange(remove, 1, make - 1); // kubeadm skips a certificate whose files exist
        Assert.Contains("--apiserver-advertise-address 10.0.0.99 --service-cidr 10.96.0.0/12 --service-dns-domain cluster.local " +
            "--apiserver-cert-extra-sans controlplane,kubernetes,kubernetes.default,kubernetes.default.svc,kubernetes.default.svc.cluster.local,10.96.0.1,10.0.0.10",
            commands[make], StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Ipv6NodeWhoseCertificateListsItsAddress_NoFinding()
    {
        using var dir = new TempDir();
        var root = dir.Combine("etc", "kubernetes");
        using var tree = KubeadmTreeBuilder.Build(root, new KubeadmTreeOptions
        {
            Now = DoctorTree.Now,
            NodeIp = IPAddress.Parse("fd00:10::10"),
            ServiceIp = IPAddress.Parse("fd00:96::1"),
            KeyAlgorithm = KubeadmKeyAlgorithm.EcdsaP256,
        });
        Assert.Contains("--advertise-address=fd00:10::10", File.ReadAllText(Path.Combine(root, "manifests", "kube-apiserver.yaml")), StringComparison.Ordinal);

        Assert.DoesNotContain(DoctorTree.Run(root, DoctorTree.Now).Findings, f => f.Id == FindingIds.ApiserverSanMissing);
    }
}
