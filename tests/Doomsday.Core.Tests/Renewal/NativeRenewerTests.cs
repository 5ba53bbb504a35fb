using System.Globalization;
using System.Text.RegularExpressions;
using Doomsday.Core.Pki;
using Doomsday.Core.Renewal;
using Doomsday.Core.Sources.Kubeadm;
using Doomsday.Core.Tests.Support;
using N = Doomsday.Core.Sources.Kubeadm.KubeadmNames;

namespace Doomsday.Core.Tests.Renewal;

/// <summary>
/// The native renewer (no kubeadm here) over a tree <c>kubeadm init</c> would write, compared with openssl:
/// what identifies a certificate is kept, what makes it new is not, and it chains to its CA.
/// </summary>
public sealed class NativeRenewerTests : IDisposable
{
    private static readonly DateTimeOffset Built = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset RenewedAt = Built.AddDays(350);
    private readonly RenewalNode _node = new(Built, KubeadmKeyAlgorithm.Rsa2048);

    public void Dispose() => _node.Dispose();

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

    [Theory]
    [MemberData(nameof(Leaves))]
    public async Task RenewAsync_Leaf_OpensslSeesTheSameIdentityANewSerialKeyAndValidityThatVerifies(string leaf, string ca)
    {
        var file = Path.Combine(_node.Layout.Pki, leaf);
        var before = Identity(file);
        var (serial, key, dates) = (Field(file, "-serial"), Openssl.Run("x509", "-in", file, "-noout", "-pubkey"), Field(file, "-enddate"));

        var result = await Renewer().RenewAsync(_node.Root, RenewalPlanner.RenewableNames, CancellationToken.None);

        Assert.Null(result.Failure);
        Assert.Equal(before, Identity(file));
        Assert.NotEqual(serial, Field(file, "-serial"));
        Assert.NotEqual(key, Openssl.Run("x509", "-in", file, "-noout", "-pubkey"));
        Assert.NotEqual(dates, Field(file, "-enddate"));
        Assert.Equal("notAfter=" + RenewedAt.AddDays(365).UtcDateTime.ToString("MMM d HH:mm:ss yyyy 'GMT'", CultureInfo.InvariantCulture),
            Regex.Replace(Field(file, "-enddate"), " +", " "));
        // The new key is the one beside the certificate.
        Assert.Equal(Openssl.Run("x509", "-in", file, "-noout", "-pubkey"), Openssl.Run("pkey", "-in", file[..^".crt".Length] + ".key", "-pubout"));
        var at = RenewedAt.AddDays(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        Assert.Equal($"{file}: OK", Openssl.Run("verify", "-attime", at, "-CAfile", Path.Combine(_node.Layout.Pki, ca), file).Trim());
    }

    [Fact]
    public async Task RenewAsync_AdminConf_EmbeddedCertificateKeepsItsIdentityAndVerifiesAgainstTheClusterCa()
    {
        var beforeFile = Embedded("before.crt");
        var (before, serial) = (Identity(beforeFile), Field(beforeFile, "-serial"));

        var result = await Renewer().RenewAsync(_node.Root, [N.AdminConf], CancellationToken.None);

        Assert.Equal([N.AdminConf], result.Renewed);
        var after = Embedded("after.crt");
        Assert.Equal(before, Identity(after));
        Assert.NotEqual(serial, Field(after, "-serial"));
        var at = RenewedAt.AddDays(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        Assert.Equal($"{after}: OK", Openssl.Run("verify", "-attime", at, "-CAfile", Path.Combine(_node.Layout.Pki, "ca.crt"), after).Trim());
    }

    [Fact]
    public void Renewer_NoKubeadmOnPath_NativeWithTheReleasesValidity()
    {
        var renewer = Renewer();

        Assert.StartsWith("native (kubeadm certs renew's semantics", renewer.Description, StringComparison.Ordinal);
        Assert.Contains("365d validity", renewer.Description, StringComparison.Ordinal);
    }

    private ICertificateRenewer Renewer() =>
        new NodeEnvironment(new FixedTimeProvider(RenewedAt), _ => "/nonexistent")
            .Renewer(new RenewalRequest { KubeadmRoot = _node.Root }, _node.Root, null, KubeadmNode.Discover(_node.Layout));

    /// <summary>Subject, issuer, SANs and extended key usages as openssl prints them.</summary>
    private static string Identity(string file) =>
        Openssl.Run("x509", "-in", file, "-noout", "-subject", "-issuer", "-nameopt", "RFC2253", "-ext", "subjectAltName,extendedKeyUsage,keyUsage,basicConstraints");

    private static string Field(string file, string flag) => Openssl.Run("x509", "-in", file, "-noout", flag).Trim();

    /// <summary>admin.conf's client-certificate-data written out as a PEM file beside the tree.</summary>
    private string Embedded(string name)
    {
        var data = Regex.Match(File.ReadAllText(Path.Combine(_node.Root, N.AdminConf)), @"client-certificate-data:\s*(\S+)").Groups[1].Value;
        var path = Path.GetFullPath(Path.Combine(_node.Root, "..", name));
        File.WriteAllBytes(path, Convert.FromBase64String(data));
        return path;
    }
}
