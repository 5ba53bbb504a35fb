using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Doomsday.Core.Doctor;
using Doomsday.Core.Pki;
using Doomsday.Core.Tests.Support;
using N = Doomsday.Core.Sources.Kubeadm.KubeadmNames;

namespace Doomsday.Core.Tests.Doctor;

/// <summary>
/// Each check fires on a node damaged in exactly one way, and stays quiet on a healthy one. The nodes
/// are real generated kubeadm trees read through the same gatherer the CLI uses (no handshakes: a
/// copy of a tree is not this machine's node, so components are reached only when told where).
/// </summary>
public sealed class DoctorChecksTests
{
    private static IReadOnlyList<string> Ids(DoctorReport r) => r.Findings.Select(f => f.Id).Distinct().Order().ToList();

    [Fact]
    public void Run_HealthyNode_NoFindings()
    {
        using var node = new DoctorTree();
        var report = node.Run();
        Assert.Empty(report.Findings);
    }

    [Fact]
    public void Run_LeafFromAnotherCluster_ChainBroken()
    {
        using var node = new DoctorTree();
        node.TakeFromOther("pki/apiserver.crt");
        node.TakeFromOther("pki/apiserver.key");
        var report = node.Run();
        var f = Assert.Single(report.Findings, f => f.Id == FindingIds.ChainBroken);
        Assert.Equal("apiserver", f.Subject);
        Assert.Contains(f.Runbook.Steps, s => s.Command?.Contains("kubeadm certs renew apiserver") == true);
        Assert.DoesNotContain(report.Findings, x => x.Id == FindingIds.KeyMismatch);
    }

    [Fact]
    public void Run_KeyFromAnotherCluster_KeyMismatch()
    {
        using var node = new DoctorTree();
        node.TakeFromOther("pki/front-proxy-client.key");
        var f = Assert.Single(node.Run().Findings);
        Assert.Equal((FindingIds.KeyMismatch, "front-proxy-client"), (f.Id, f.Subject));
    }

    [Fact]
    public void Run_LeafCopiedOverCa_NotACa()
    {
        using var node = new DoctorTree();
        File.Copy(node.Pki("front-proxy-client.crt"), node.Pki("front-proxy-ca.crt"), overwrite: true);
        var report = node.Run();
        Assert.Contains(report.Findings, f => f.Id == FindingIds.NotACa && f.Subject == "front-proxy-ca");
    }

    [Fact]
    public void Run_KubeconfigWithAnotherClustersCa_KubeconfigCaMismatchOnly()
    {
        using var node = new DoctorTree();
        var otherCa = Convert.ToBase64String(File.ReadAllBytes(node.OtherPki("ca.crt")));
        node.Edit("scheduler.conf", t => System.Text.RegularExpressions.Regex.Replace(t, "certificate-authority-data: \\S+", "certificate-authority-data: " + otherCa));
        var report = node.Run();
        var f = Assert.Single(report.Findings);
        Assert.Equal(FindingIds.KubeconfigCaMismatch, f.Id);
        Assert.Contains("scheduler.conf", f.Subject);
        Assert.Contains(f.Runbook.Steps, s => s.Command?.Contains("--embed-certs") == true);
    }

    [Fact]
    public void Run_KubeconfigServerNotInSans_SanMissing()
    {
        using var node = new DoctorTree();
        node.Edit("admin.conf", t => System.Text.RegularExpressions.Regex.Replace(t, "server: https://[^\\s]+", "server: https://api.elsewhere.example:6443"));
        var f = Assert.Single(node.Run().Findings);
        Assert.Equal(FindingIds.SanMissing, f.Id);
        Assert.Contains(f.Evidence, e => e.Label == "name checked" && e.Value == "api.elsewhere.example");
    }

    [Fact]
    public void Run_ClientCertFromAnotherCluster_ClientCertUntrusted()
    {
        using var node = new DoctorTree();
        var other = File.ReadAllText(Path.Combine(node.OtherRoot, "controller-manager.conf"));
        string Field(string text, string name) => System.Text.RegularExpressions.Regex.Match(text, name + ": (\\S+)").Groups[1].Value;
        node.Edit("controller-manager.conf", t => t
            .Replace(Field(t, "client-certificate-data"), Field(other, "client-certificate-data"))
            .Replace(Field(t, "client-key-data"), Field(other, "client-key-data")));
        var report = node.Run();
        Assert.Equal([FindingIds.ClientCertUntrusted], Ids(report));
    }

    [Fact]
    public void Run_EtcdAdvertisesAddressNotInItsCertificate_EtcdSanMissing()
    {
        using var node = new DoctorTree();
        node.Edit("manifests/etcd.yaml", t => t.Replace("--advertise-client-urls=https://10.0.0.10:2379", "--advertise-client-urls=https://10.0.0.99:2379"));
        var f = Assert.Single(node.Run().Findings);
        Assert.Equal((FindingIds.EtcdSanMissing, "etcd-server"), (f.Id, f.Subject));
        Assert.Contains(f.Evidence, e => e.Label == "missing" && e.Value.Contains("10.0.0.99"));
    }

    [Fact]
    public void Run_EtcdClientFromAnotherEtcdCa_EtcdClientUntrusted()
    {
        using var node = new DoctorTree();
        node.TakeFromOther("pki/apiserver-etcd-client.crt");
        node.TakeFromOther("pki/apiserver-etcd-client.key");
        var ids = Ids(node.Run());
        Assert.Contains(FindingIds.EtcdClientUntrusted, ids);
        Assert.Contains(FindingIds.ChainBroken, ids);
    }

    [Fact]
    public void Run_NotBeforeInTheFuture_NotYetValid()
    {
        var soon = DoctorTree.Now + TimeSpan.FromDays(2);
        using var node = new DoctorTree(new Dictionary<string, CertificateValidity>
        {
            [N.FrontProxyClient] = new(soon, soon + TimeSpan.FromDays(365)),
        });
        var f = Assert.Single(node.Run().Findings);
        Assert.Equal((FindingIds.NotYetValid, "front-proxy-client"), (f.Id, f.Subject));
    }

    [Fact]
    public void Run_LeafOutlivingItsCa_OutlivesIssuer()
    {
        using var node = new DoctorTree(new Dictionary<string, CertificateValidity>
        {
            [N.Apiserver] = CertificateValidity.Around(DoctorTree.Now, TimeSpan.FromDays(1), TimeSpan.FromDays(365 * 12)),
        });
        var f = Assert.Single(node.Run().Findings);
        Assert.Equal((FindingIds.OutlivesIssuer, "apiserver"), (f.Id, f.Subject));
    }

    [Theory]
    [InlineData(-3, FindingIds.CertificateExpired, FindingSeverity.Critical)]
    [InlineData(5, FindingIds.CertificateExpiring, FindingSeverity.Critical)]
    [InlineData(20, FindingIds.CertificateExpiring, FindingSeverity.Warning)]
    public void Run_LeafNearOrPastExpiry_ReportedWithRenewalRunbook(int daysLeft, string id, FindingSeverity severity)
    {
        using var node = new DoctorTree(new Dictionary<string, CertificateValidity>
        {
            [N.EtcdPeer] = CertificateValidity.Around(DoctorTree.Now, TimeSpan.FromDays(300), TimeSpan.FromDays(daysLeft)),
        });
        var f = Assert.Single(node.Run().Findings);
        Assert.Equal((id, severity, "etcd-peer"), (f.Id, f.Severity, f.Subject));
        Assert.Contains(f.Runbook.Steps, s => s.Command == "sudo kubeadm certs renew etcd-peer");
        Assert.Contains(f.Runbook.Steps, s => s.Command?.Contains("/etc/kubernetes/manifests/etcd.yaml") == true);
    }

    [Fact]
    public void Run_WeakRsaSha1Leaf_WeakKeyAndWeakSignature()
    {
        using var node = new DoctorTree();
        // .NET will not sign with SHA-1 any more; openssl still will, which is how such certificates are made.
        var result = ChildProcessRun("openssl", "req", "-x509", "-newkey", "rsa:1024", "-sha1", "-nodes", "-subj", "/CN=legacy-webhook", "-addext", "basicConstraints=critical,CA:FALSE",
            "-days", "365", "-keyout", "/dev/null", "-out", node.Pki("legacy-webhook.crt"));
        Assert.True(result == 0, "openssl req failed");
        var report = node.Run(DateTimeOffset.UtcNow.AddMinutes(1)); // openssl dates it from the real clock
        Assert.Equal([FindingIds.WeakKey, FindingIds.WeakSignature], Ids(report));
        Assert.All(report.Findings, f => Assert.Equal("legacy-webhook", f.Subject));
    }

    [Fact]
    public void Run_RotatedClientNewerThanCurrent_KubeletClientRotation()
    {
        using var node = new DoctorTree();
        var pki = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(node.Root)!)!, "var", "lib", "kubelet", "pki");
        var current = Path.Combine(pki, "kubelet-client-current.pem");
        Assert.True(File.Exists(current));
        // A newer rotated certificate from the same CA that the link does not point at.
        using var ca = node.Tree.Certificates[N.Ca];
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=system:node:controlplane, O=system:nodes", key, HashAlgorithmName.SHA256);
        using var caKey = ca.GetECDsaPrivateKey() ?? throw new InvalidOperationException("test CA has no ECDSA key");
        using var newer = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), DoctorTree.Now.AddMinutes(-1), DoctorTree.Now.AddDays(364), [1, 2, 3, 4]);
        File.WriteAllText(Path.Combine(pki, "kubelet-client-2026-11-26-12-00-00.pem"), newer.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem());
        var f = Assert.Single(node.Run().Findings);
        Assert.Equal(FindingIds.KubeletClientRotation, f.Id);
        Assert.Contains(f.Runbook.Steps, s => s.Command?.StartsWith("sudo ln -sf") == true);
    }

    [Fact]
    public void Run_TwoYearOldNodeRenewedTwiceTheKubeadmWay_NothingAtWarningOrAbove()
    {
        using var dir = new TempDir();
        var now = DoctorTree.Now;
        var root = dir.Combine("etc", "kubernetes");
        using var tree = KubeadmTreeBuilder.Build(root, new KubeadmTreeOptions
        {
            Now = now.AddDays(-730),
            KeyAlgorithm = KubeadmKeyAlgorithm.EcdsaP256,
            DistinctKeys = true,
            KubeletDirectory = dir.Combine("var", "lib", "kubelet"),
            // The kubelet rotated its client certificate and re-created its serving pair by itself; kubeadm renews neither.
            Validity = new Dictionary<string, CertificateValidity>
            {
                [N.KubeletConf] = CertificateValidity.Around(now, TimeSpan.FromDays(60), TimeSpan.FromDays(300)),
                [KubeadmTreeBuilder.KubeletServing] = CertificateValidity.Around(now, TimeSpan.FromDays(30), TimeSpan.FromDays(335)),
            },
        });
        using (KubeadmRenewal.Renew(root, new KubeadmRenewalOptions { At = now.AddDays(-375) })) { }
        using (KubeadmRenewal.Renew(root, new KubeadmRenewalOptions { At = now.AddDays(-10) })) { }

        var report = DoctorTree.Run(root, now);

        Assert.DoesNotContain(report.Findings, f => f.Severity >= FindingSeverity.Warning);
    }

    [Fact]
    public void FindingIds_All_DocumentedInFindingsMd()
    {
        var docs = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "findings.md"));
        Assert.All(FindingIds.All, id => Assert.Contains($"`{id}`", docs, StringComparison.Ordinal));
        Assert.Equal(FindingIds.All.Count, FindingIds.All.Distinct().Count());
    }

    private static int ChildProcessRun(string file, params string[] args)
    {
        var psi = new System.Diagnostics.ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(psi)!;
        p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode;
    }
}
