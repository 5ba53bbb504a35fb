using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using Doomsday.Core.Pki;
using Doomsday.Core.Tests.Support;
using N = Doomsday.Core.Sources.Kubeadm.KubeadmNames;

namespace Doomsday.Core.Tests.Pki;

/// <summary>
/// <see cref="KubeadmRenewal"/> does what <c>kubeadm certs renew</c> does (renewal/manager.go,
/// pkiutil.NewSignedCert): checked field by field on a generated tree, and with openssl.
/// </summary>
public sealed class KubeadmRenewalTests : IDisposable
{
    private static readonly DateTimeOffset Built = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset RenewedAt = new(2026, 2, 10, 14, 30, 0, TimeSpan.Zero);
    private static readonly string[] Leaves =
        [N.Apiserver, N.ApiserverKubeletClient, N.ApiserverEtcdClient, N.FrontProxyClient, N.EtcdServer, N.EtcdPeer, N.EtcdHealthcheckClient];
    private static readonly string[] Kubeconfigs = [N.AdminConf, N.SuperAdminConf, N.ControllerManagerConf, N.SchedulerConf];

    private readonly TempDir _dir = new();
    private readonly KubeadmTree _tree;

    public KubeadmRenewalTests()
    {
        _tree = KubeadmTreeBuilder.Build(_dir.Combine("etc", "kubernetes"), new KubeadmTreeOptions
        {
            Now = Built,
            NodeName = "cp-1",
            NodeIp = IPAddress.Parse("192.168.7.20"),
            KeyAlgorithm = KubeadmKeyAlgorithm.EcdsaP256,
            DistinctKeys = true,
        });
    }

    public void Dispose()
    {
        _tree.Dispose();
        _dir.Dispose();
    }

    private string Pki(string relative) => Path.Combine(_tree.Root, "pki", relative);

    [Fact]
    public void Renew_All_RenewsTheSevenLeavesAndFourKubeconfigsOnly()
    {
        var untouched = new[] { "pki/ca.crt", "pki/ca.key", "pki/etcd/ca.crt", "pki/front-proxy-ca.key", "pki/sa.key", "pki/sa.pub", "kubelet.conf" }
            .ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(_tree.Root, f)));

        using var result = KubeadmRenewal.Renew(_tree.Root, new KubeadmRenewalOptions { At = RenewedAt });

        Assert.Equal(Leaves.Concat(Kubeconfigs).Order(), result.Renewed.Keys.Order());
        Assert.Empty(result.Skipped);
        Assert.All(untouched, kv => Assert.Equal(kv.Value, File.ReadAllBytes(Path.Combine(_tree.Root, kv.Key))));
    }

    [Fact]
    public void Renew_Classic_KeepsTheCasNotBeforeAndCopiesNamesWithANewKeyAndSerial()
    {
        using var result = KubeadmRenewal.Renew(_tree.Root, new KubeadmRenewalOptions { At = RenewedAt });

        foreach (var name in Leaves.Concat(Kubeconfigs))
        {
            var before = _tree.Certificates[name];
            var after = result.Renewed[name];
            var ca = _tree.Certificates[name == N.FrontProxyClient ? N.FrontProxyCa : name.StartsWith("etcd", StringComparison.Ordinal) || name == N.ApiserverEtcdClient ? N.EtcdCa : N.Ca];
            Assert.Equal(before.SubjectName.Name, after.SubjectName.Name);
            Assert.Equal(Sans(before), Sans(after));
            Assert.Equal(Eku(before), Eku(after));
            Assert.NotEqual(before.SerialNumber, after.SerialNumber);
            Assert.NotEqual(before.PublicKey.EncodedKeyValue.RawData, after.PublicKey.EncodedKeyValue.RawData);
            Assert.Equal(ca.NotBefore, after.NotBefore);
            Assert.Equal(RenewedAt.AddDays(365).UtcDateTime, after.NotAfter.ToUniversalTime());
            Assert.True(Chains(after, ca), $"{name} must chain to {ca.Subject}");
            // kubeadm's serial: a positive integer below 2^63.
            Assert.InRange(after.SerialNumberBytes.Length, 1, 8);
        }
    }

    [Fact]
    public void Renew_StartAtRenewal_NotBeforeIsTheRenewalTimeBackdatedFiveMinutes()
    {
        using var result = KubeadmRenewal.Renew(_tree.Root, new KubeadmRenewalOptions
        {
            At = RenewedAt,
            Style = KubeadmRenewalStyle.StartAtRenewal,
            Validity = TimeSpan.FromDays(90),
        });

        var apiserver = result.Renewed[N.Apiserver];
        Assert.Equal(RenewedAt.AddMinutes(-5).UtcDateTime, apiserver.NotBefore.ToUniversalTime());
        Assert.Equal(RenewedAt.AddDays(90).UtcDateTime, apiserver.NotAfter.ToUniversalTime());
    }

    [Fact]
    public void Renew_WritesFilesThatOpensslVerifiesAndKeysThatMatch()
    {
        using var result = KubeadmRenewal.Renew(_tree.Root, new KubeadmRenewalOptions { At = RenewedAt });

        Assert.Contains(": OK", Openssl.Run("verify", "-CAfile", Pki("etcd/ca.crt"), "-attime", RenewedAt.AddDays(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), Pki("etcd/server.crt")));
        var x509 = OpensslX509.Read(Pki("apiserver.crt"));
        Assert.Equal(new DateTimeOffset(_tree.Certificates[N.Ca].NotBefore), x509.NotBefore);
        Assert.Equal(RenewedAt.AddDays(365), x509.NotAfter);
        using var pair = X509Certificate2.CreateFromPem(File.ReadAllText(Pki("apiserver.crt")), File.ReadAllText(Pki("apiserver.key")));
        Assert.Equal(result.Renewed[N.Apiserver].RawData, pair.RawData);

        var admin = File.ReadAllText(Path.Combine(_tree.Root, N.AdminConf));
        var certPem = Encoding.ASCII.GetString(Convert.FromBase64String(Regex.Match(admin, "client-certificate-data: (\\S+)").Groups[1].Value));
        var keyPem = Encoding.ASCII.GetString(Convert.FromBase64String(Regex.Match(admin, "client-key-data: (\\S+)").Groups[1].Value));
        using var adminPair = X509Certificate2.CreateFromPem(certPem, keyPem);
        Assert.Equal(result.Renewed[N.AdminConf].RawData, adminPair.RawData);
        // kubeadm leaves the CA data of the kubeconfig as it was.
        Assert.Contains(Convert.ToBase64String(Encoding.ASCII.GetBytes(_tree.Certificates[N.Ca].ExportCertificatePem() + "\n")), admin, StringComparison.Ordinal);
    }

    [Fact]
    public void Renew_CaKeyAbsent_LeavesThatCasCertificatesAlone()
    {
        File.Delete(Pki("front-proxy-ca.key"));
        var before = File.ReadAllBytes(Pki("front-proxy-client.crt"));

        using var result = KubeadmRenewal.Renew(_tree.Root, new KubeadmRenewalOptions { At = RenewedAt });

        Assert.Contains("externally managed", result.Skipped[N.FrontProxyClient], StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(Pki("front-proxy-client.crt")));
        Assert.Contains(N.Apiserver, result.Renewed.Keys);
    }

    [Fact]
    public void Renew_JoinedControlPlaneWithoutSuperAdminConf_RenewsTheRest()
    {
        File.Delete(Path.Combine(_tree.Root, N.SuperAdminConf));

        using var result = KubeadmRenewal.Renew(_tree.Root, new KubeadmRenewalOptions { At = RenewedAt });

        Assert.Contains(N.SuperAdminConf, result.Skipped.Keys);
        Assert.False(File.Exists(Path.Combine(_tree.Root, N.SuperAdminConf)));
        Assert.Equal(10, result.Renewed.Count);
    }

    [Fact]
    public void Renew_OneName_RenewsOnlyThatCertificate()
    {
        var etcdBefore = File.ReadAllBytes(Pki("etcd/server.crt"));

        using var result = KubeadmRenewal.Renew(_tree.Root, new KubeadmRenewalOptions { At = RenewedAt, Names = [N.Apiserver] });

        Assert.Equal([N.Apiserver], result.Renewed.Keys);
        Assert.Equal(etcdBefore, File.ReadAllBytes(Pki("etcd/server.crt")));
    }

    [Fact]
    public void Renew_LeafWithUriSan_DropsItAndKeepsDnsAndIpSans()
    {
        // A leaf someone re-issued with a URI SAN: kubeadm's certToConfig copies DNS names and IPs only.
        var ca = _tree.Certificates[N.Ca];
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=kube-apiserver", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("kubernetes");
        san.AddIpAddress(IPAddress.Parse("10.96.0.1"));
        san.AddUri(new Uri("spiffe://cluster.local/apiserver"));
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.1")], false));
        using var withUri = request.Create(ca, Built, Built.AddDays(365), [7, 1]);
        File.WriteAllText(Pki("apiserver.crt"), withUri.ExportCertificatePem() + "\n");

        using var result = KubeadmRenewal.Renew(_tree.Root, new KubeadmRenewalOptions { At = RenewedAt, Names = [N.Apiserver] });

        var renewed = result.Renewed[N.Apiserver];
        var ext = renewed.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["kubernetes"], ext.EnumerateDnsNames());
        Assert.Equal([IPAddress.Parse("10.96.0.1")], ext.EnumerateIPAddresses());
        Assert.DoesNotContain("spiffe", Openssl.Run("x509", "-in", Pki("apiserver.crt"), "-noout", "-ext", "subjectAltName"), StringComparison.Ordinal);
    }

    /// <summary>DNS names then IPs, in certificate order.</summary>
    private static List<string> Sans(X509Certificate2 c)
    {
        var ext = c.Extensions.OfType<X509SubjectAlternativeNameExtension>().SingleOrDefault();
        return ext is null ? [] : [.. ext.EnumerateDnsNames(), .. ext.EnumerateIPAddresses().Select(i => i.ToString())];
    }

    private static List<string> Eku(X509Certificate2 c) =>
        c.Extensions.OfType<X509EnhancedKeyUsageExtension>().SelectMany(e => e.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>()).Select(o => o.Value!).ToList();

    private static bool Chains(X509Certificate2 leaf, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = RenewedAt.AddDays(1).UtcDateTime;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreWrongUsage;
        return chain.Build(leaf);
    }
}
