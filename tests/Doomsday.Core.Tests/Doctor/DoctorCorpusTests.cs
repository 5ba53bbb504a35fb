using System.Text.RegularExpressions;
using Doomsday.Core.Doctor;
using Doomsday.Core.Tests.Support;

namespace Doomsday.Core.Tests.Doctor;

/// <summary>doctor over the real kubeadm trees of the corpus (internally consistent, long expired).</summary>
public sealed class DoctorCorpusTests
{
    private static readonly string[] ChainAndKeyIds =
        [FindingIds.ChainBroken, FindingIds.KeyMismatch, FindingIds.NotACa, FindingIds.KubeconfigCaMismatch, FindingIds.ClientCertUntrusted, FindingIds.EtcdClientUntrusted, FindingIds.SanMissing, FindingIds.EtcdSanMissing];

    [Theory]
    [InlineData("maxxmoney-2020", 11)]
    [InlineData("zetaoss-killercoda-2024", 11)]
    public void Run_CorpusTree_ReportsExpiredLeavesAndPassesEveryChainAndKeyCheck(string set, int expiredLeaves)
    {
        var report = DoctorTree.Run(CorpusLocator.KubeadmTree(set), DoctorTree.Now);
        var expired = report.Findings.Where(f => f.Id == FindingIds.CertificateExpired).Select(f => f.Subject).ToList();
        Assert.Equal(expiredLeaves, expired.Count);
        Assert.Contains("apiserver", expired);
        Assert.Contains("etcd-peer", expired);
        Assert.DoesNotContain("ca", expired);
        Assert.DoesNotContain(report.Findings, f => ChainAndKeyIds.Contains(f.Id));
    }

    [Fact]
    public void Run_CorpusCopyWithOneKubeconfigCaSwapped_ReportsExactlyThat()
    {
        using var dir = new TempDir();
        var root = dir.Combine("etc-kubernetes");
        CopyTree(CorpusLocator.KubeadmTree("maxxmoney-2020"), root);
        var baseline = DoctorTree.Run(root, DoctorTree.Now).Findings.Select(f => (f.Id, f.Subject)).ToHashSet();

        var otherCa = Convert.ToBase64String(File.ReadAllBytes(Path.Combine(CorpusLocator.KubeadmTree("zetaoss-killercoda-2024"), "pki", "ca.crt")));
        var scheduler = Path.Combine(root, "scheduler.conf");
        File.WriteAllText(scheduler, Regex.Replace(File.ReadAllText(scheduler), "certificate-authority-data: \\S+", "certificate-authority-data: " + otherCa));

        var added = DoctorTree.Run(root, DoctorTree.Now).Findings.Where(f => !baseline.Contains((f.Id, f.Subject))).ToList();
        var f = Assert.Single(added);
        Assert.Equal(FindingIds.KubeconfigCaMismatch, f.Id);
        Assert.Contains("scheduler.conf", f.Subject);
    }

    internal static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var sub in Directory.EnumerateDirectories(from)) CopyTree(sub, Path.Combine(to, Path.GetFileName(sub)));
    }
}
