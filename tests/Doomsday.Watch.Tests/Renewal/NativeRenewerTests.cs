using System.Globalization;
using System.Text.RegularExpressions;
using Doomsday.Core.Pki;
using Doomsday.Core.Sources.Kubeadm;
using Doomsday.Watch.Renewal;
using N = Doomsday.Core.Sources.Kubeadm.KubeadmNames;

namespace Doomsday.Watch.Tests.Renewal;

/// <summary>
/// One native renewal (no kubeadm here) of a tree <c>kubeadm init</c> would write with its default RSA-2048
/// keys, shared by the class: what openssl printed for each certificate before, and the renewer's result.
/// </summary>
public sealed class NativeRenewal : IDisposable
{
    public static readonly DateTimeOffset Built = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset RenewedAt = Built.AddDays(350);

    public NativeRenewal()
    {
        Node = new RenewalNode(Built, KubeadmKeyAlgorithm.Rsa2048);
        var files = NativeRenewerTests.Leaves.Select(l => Path.Combine(Node.Layout.Pki, (string)l[0])).Append(AdminConfCertificate("admin-before.crt")).ToList();
        Before = files.ToDictionary(f => Path.GetFileName(f) == "admin-before.crt" ? N.AdminConf : f, NativeRenewerTests.Print);
        Renewer = new NodeEnvironment(new FixedTimeProvider(RenewedAt), _ => "/nonexistent")
            .Renewer(new RenewalRequest { KubeadmRoot = Node.Root }, Node.Root, null, KubeadmNode.Discover(Node.Layout));
        Result = Renewer.RenewAsync(Node.Root, RenewalPlanner.RenewableNames, CancellationToken.None).GetAwaiter().GetResult();
    }

    internal RenewalNode Node { get; }
    public ICertificateRenewer Renewer { get; }
    public RenewerResult Result { get; }

    /// <summary>Per file (admin.conf for its embedded certificate): openssl's identity, serial, public key and end date before the renewal.</summary>
    public IReadOnlyDictionary<string, (string Identity, string Serial, string PublicKey, string NotAfter)> Before { get; }

    /// <summary>admin.conf's client-certificate-data written out as a PEM file beside the tree.</summary>
    public string AdminConfCertificate(string name)
    {
        var data = Regex.Match(File.ReadAllText(Path.Combine(Node.Root, N.AdminConf)), @"client-certificate-data:\s*(\S+)").Groups[1].Value;
        var path = Path.GetFullPath(Path.Combine(Node.Root, "..", name));
        File.WriteAllBytes(path, Convert.FromBase64String(data));
        return path;
    }

    public void Dispose() => Node.Dispose();
}

/// <summary>
/// The native renewer compared with openssl: what identifies a certificate (subject, issuer, SANs, key
/// usages) is kept, what makes it new (serial, key, validity) is not, and <c>openssl verify</c> chains it to its CA.
/// </summary>
public sealed class NativeRenewerTests(NativeRenewal renewal) : IClassFixture<NativeRenewal>
{
    public static TheoryData<string, string> Leaves => new()
    {
        { "apiserver.crt", "ca.crt" },
        { "apiserver-etcd-client.crt", "etcd/ca.crt" },
        { "apiserver-kubelet-client.crt", "ca.crt" },
        { "front-proxy-client.crt", "front-proxy-ca.crt" },
        { "etcd/server.crt", "etcd/ca.crt" },
        { "etcd/peer.crt", "etcd/ca.crt" },
        { "etcd/healthcheck-client.crt", "etcd/ca.crt" },
    };

    [Fact]
    public void RenewAsync_All_RenewsEveryCertificateKubeadmRenews()
    {
        Assert.Null(renewal.Result.Failure);
        Assert.Equal(RenewalPlanner.RenewableNames, renewal.Result.Renewed);
        Assert.Empty(renewal.Result.NotRenewed);
    }

    [Theory]
    [MemberData(nameof(Leaves))]
    public void RenewAsync_Leaf_SameIdentityNewSerialKeyAndValidityThatOpensslVerifies(string leaf, string ca)
    {
        var file = Path.Combine(renewal.Node.Layout.Pki, leaf);
        AssertRenewed(renewal.Before[file], file, Path.Combine(renewal.Node.Layout.Pki, ca));
        // The new key is the one beside the certificate.
        Assert.Equal(Openssl.Run("x509", "-in", file, "-noout", "-pubkey"), Openssl.Run("pkey", "-in", file[..^".crt".Length] + ".key", "-pubout"));
    }

    [Fact]
    public void RenewAsync_AdminConf_EmbeddedCertificateSameIdentityNewSerialKeyAndValidity()
    {
        AssertRenewed(renewal.Before[N.AdminConf], renewal.AdminConfCertificate("admin-after.crt"), Path.Combine(renewal.Node.Layout.Pki, "ca.crt"));
    }

    [Fact]
    public void Renewer_NoKubeadmOnPath_NativeWithTheReleasesValidity()
    {
        Assert.StartsWith("native (kubeadm certs renew's semantics", renewal.Renewer.Description, StringComparison.Ordinal);
        Assert.Contains("365d validity", renewal.Renewer.Description, StringComparison.Ordinal);
    }

    private static void AssertRenewed((string Identity, string Serial, string PublicKey, string NotAfter) before, string file, string ca)
    {
        var after = Print(file);
        Assert.Equal(before.Identity, after.Identity);
        Assert.NotEqual(before.Serial, after.Serial);
        Assert.NotEqual(before.PublicKey, after.PublicKey);
        Assert.NotEqual(before.NotAfter, after.NotAfter);
        Assert.Equal("notAfter=" + NativeRenewal.RenewedAt.AddDays(365).UtcDateTime.ToString("MMM d HH:mm:ss yyyy 'GMT'", CultureInfo.InvariantCulture), after.NotAfter);
        var at = NativeRenewal.RenewedAt.AddDays(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        Assert.Equal($"{file}: OK", Openssl.Run("verify", "-attime", at, "-CAfile", ca, file).Trim());
    }

    /// <summary>Subject, issuer, SANs and key usages as openssl prints them; the serial, public key and end date.</summary>
    internal static (string Identity, string Serial, string PublicKey, string NotAfter) Print(string file) => (
        Openssl.Run("x509", "-in", file, "-noout", "-subject", "-issuer", "-nameopt", "RFC2253", "-ext", "subjectAltName,extendedKeyUsage,keyUsage,basicConstraints"),
        Openssl.Run("x509", "-in", file, "-noout", "-serial").Trim(),
        Openssl.Run("x509", "-in", file, "-noout", "-pubkey"),
        Regex.Replace(Openssl.Run("x509", "-in", file, "-noout", "-enddate").Trim(), " +", " "));
}
