using System.Net;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Doomsday.Core.Pki;
using Doomsday.Core.Sources.Kubeadm;
using Doomsday.Core.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Doomsday.Core.Tests.Pki;

public sealed class KubeadmTreeBuilderTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private KubeadmTree Build(Func<KubeadmTreeOptions, KubeadmTreeOptions>? adjust = null)
    {
        var options = new KubeadmTreeOptions
        {
            Now = Now,
            NodeName = "cp-1",
            NodeIp = IPAddress.Parse("192.168.7.20"),
            KeyAlgorithm = KubeadmKeyAlgorithm.EcdsaP256,
            DistinctKeys = true,
            KubeletDirectory = _dir.Combine("var", "lib", "kubelet"),
        };
        return KubeadmTreeBuilder.Build(_dir.Combine("etc", "kubernetes"), adjust is null ? options : adjust(options));
    }

    [Fact]
    public void Build_Defaults_WritesEveryKubeadmFile()
    {
        using var tree = Build();

        string[] expected =
        [
            "pki/ca.crt", "pki/ca.key", "pki/apiserver.crt", "pki/apiserver.key", "pki/apiserver-kubelet-client.crt",
            "pki/apiserver-kubelet-client.key", "pki/apiserver-etcd-client.crt", "pki/apiserver-etcd-client.key",
            "pki/front-proxy-ca.crt", "pki/front-proxy-ca.key", "pki/front-proxy-client.crt", "pki/front-proxy-client.key",
            "pki/etcd/ca.crt", "pki/etcd/ca.key", "pki/etcd/server.crt", "pki/etcd/server.key", "pki/etcd/peer.crt",
            "pki/etcd/peer.key", "pki/etcd/healthcheck-client.crt", "pki/etcd/healthcheck-client.key", "pki/sa.key", "pki/sa.pub",
            "admin.conf", "super-admin.conf", "controller-manager.conf", "scheduler.conf", "kubelet.conf",
            "manifests/kube-apiserver.yaml", "manifests/etcd.yaml", "manifests/kube-controller-manager.yaml", "manifests/kube-scheduler.yaml",
        ];
        var written = Directory.EnumerateFiles(tree.Root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(tree.Root, f)).Order().ToList();
        Assert.Equal(expected.Order().ToList(), written);
    }

    [Fact]
    public void Build_Defaults_SubjectsAreKubeadms()
    {
        using var tree = Build();

        var subjects = tree.Certificates.ToDictionary(kv => kv.Key, kv => kv.Value.SubjectName.Name);
        Assert.Equal("CN=kubernetes", subjects[KubeadmNames.Ca]);
        Assert.Equal("CN=etcd-ca", subjects[KubeadmNames.EtcdCa]);
        Assert.Equal("CN=front-proxy-ca", subjects[KubeadmNames.FrontProxyCa]);
        Assert.Equal("CN=kube-apiserver", subjects[KubeadmNames.Apiserver]);
        Assert.Equal("CN=kube-apiserver-kubelet-client, O=kubeadm:cluster-admins", subjects[KubeadmNames.ApiserverKubeletClient]);
        Assert.Equal("CN=cp-1", subjects[KubeadmNames.EtcdPeer]);
        Assert.Equal("CN=kubernetes-admin, O=kubeadm:cluster-admins", subjects[KubeadmNames.AdminConf]);
        Assert.Equal("CN=kubernetes-super-admin, O=system:masters", subjects[KubeadmNames.SuperAdminConf]);
        Assert.Equal("CN=system:node:cp-1, O=system:nodes", subjects[KubeadmNames.KubeletConf]);
    }

    [Theory]
    [InlineData(KubeadmNames.Apiserver, KubeadmNames.Ca)]
    [InlineData(KubeadmNames.ApiserverKubeletClient, KubeadmNames.Ca)]
    [InlineData(KubeadmNames.ApiserverEtcdClient, KubeadmNames.EtcdCa)]
    [InlineData(KubeadmNames.FrontProxyClient, KubeadmNames.FrontProxyCa)]
    [InlineData(KubeadmNames.EtcdServer, KubeadmNames.EtcdCa)]
    [InlineData(KubeadmNames.EtcdPeer, KubeadmNames.EtcdCa)]
    [InlineData(KubeadmNames.EtcdHealthcheckClient, KubeadmNames.EtcdCa)]
    [InlineData(KubeadmNames.AdminConf, KubeadmNames.Ca)]
    [InlineData(KubeadmNames.SchedulerConf, KubeadmNames.Ca)]
    [InlineData(KubeadmNames.KubeletConf, KubeadmNames.Ca)]
    public void Build_Leaf_ChainsToItsKubeadmCaOnly(string leaf, string ca)
    {
        using var tree = Build();

        Assert.True(Chains(tree.Certificates[leaf], tree.Certificates[ca]));
        var otherCa = ca == KubeadmNames.Ca ? KubeadmNames.EtcdCa : KubeadmNames.Ca;
        Assert.False(Chains(tree.Certificates[leaf], tree.Certificates[otherCa]));
    }

    [Fact]
    public void Build_Apiserver_HasKubeadmSans()
    {
        using var tree = Build();

        var (dns, ips) = Sans(tree.Certificates[KubeadmNames.Apiserver]);
        Assert.Equal(["cp-1", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"], dns);
        Assert.Equal(["10.96.0.1", "192.168.7.20"], ips);
    }

    [Theory]
    [InlineData(KubeadmNames.EtcdServer)]
    [InlineData(KubeadmNames.EtcdPeer)]
    public void Build_EtcdServing_HasNodeAndLoopbackSans(string name)
    {
        using var tree = Build();

        var (dns, ips) = Sans(tree.Certificates[name]);
        Assert.Equal(["cp-1", "localhost"], dns);
        Assert.Equal(["192.168.7.20", "127.0.0.1", "::1"], ips);
    }

    [Fact]
    public void Build_ValidityForOneName_ChangesOnlyThatCertificate()
    {
        var expired = CertificateValidity.Around(Now, TimeSpan.FromDays(400), TimeSpan.FromDays(-3));
        using var tree = Build(o => o with { Validity = new Dictionary<string, CertificateValidity> { [KubeadmNames.AdminConf] = expired } });

        Assert.Equal(expired.NotAfter, new DateTimeOffset(tree.Certificates[KubeadmNames.AdminConf].NotAfter));
        Assert.Equal(Now.AddDays(365), new DateTimeOffset(tree.Certificates[KubeadmNames.SchedulerConf].NotAfter));
        Assert.Equal(Now.AddDays(3650), new DateTimeOffset(tree.Certificates[KubeadmNames.Ca].NotAfter));
        Assert.Equal(Now.AddMinutes(-5), new DateTimeOffset(tree.Certificates[KubeadmNames.Apiserver].NotBefore));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Build_Keys_AreOwnerOnlyAndCertificatesWorldReadable()
    {
        using var tree = Build();

        var ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(ownerOnly, File.GetUnixFileMode(Path.Combine(tree.Root, "pki", "apiserver.key")));
        Assert.Equal(ownerOnly, File.GetUnixFileMode(Path.Combine(tree.Root, "pki", "etcd", "ca.key")));
        Assert.Equal(ownerOnly, File.GetUnixFileMode(Path.Combine(tree.Root, "pki", "sa.key")));
        Assert.Equal(ownerOnly, File.GetUnixFileMode(Path.Combine(tree.Root, "admin.conf")));
        Assert.True(File.GetUnixFileMode(Path.Combine(tree.Root, "pki", "apiserver.crt")).HasFlag(UnixFileMode.OtherRead));
    }

    [Fact]
    public void Build_Kubeconfigs_EmbedCaAndClientAndPointAtTheNode()
    {
        using var tree = Build();

        var admin = LoadYaml(Path.Combine(tree.Root, "admin.conf"));
        var cluster = Mapping(Sequence(admin, "clusters")[0], "cluster");
        Assert.Equal("https://192.168.7.20:6443", Text(cluster, "server"));
        var caPem = Encoding.ASCII.GetString(Convert.FromBase64String(Text(cluster, "certificate-authority-data")));
        Assert.Equal(tree.Certificates[KubeadmNames.Ca].RawData, X509Certificate2.CreateFromPem(caPem).RawData);
        var user = Mapping(Sequence(admin, "users")[0], "user");
        var certPem = Encoding.ASCII.GetString(Convert.FromBase64String(Text(user, "client-certificate-data")));
        var keyPem = Encoding.ASCII.GetString(Convert.FromBase64String(Text(user, "client-key-data")));
        using var pair = X509Certificate2.CreateFromPem(certPem, keyPem);
        Assert.Equal("CN=kubernetes-admin, O=kubeadm:cluster-admins", pair.SubjectName.Name);
    }

    [Fact]
    public void Build_KubeletConf_NamesTheRotatedClientFileWhichHoldsCertAndKey()
    {
        using var tree = Build();

        var kubelet = LoadYaml(Path.Combine(tree.Root, "kubelet.conf"));
        var user = Mapping(Sequence(kubelet, "users")[0], "user");
        Assert.Equal("/var/lib/kubelet/pki/kubelet-client-current.pem", Text(user, "client-certificate"));
        Assert.Equal("/var/lib/kubelet/pki/kubelet-client-current.pem", Text(user, "client-key"));
        var pki = Path.Combine(tree.KubeletDirectory!, "pki");
        // The kubelet stored kubeadm's certificate first, then asked for its own at once; the link is absolute, as client-go makes it.
        Assert.Equal("/var/lib/kubelet/pki/kubelet-client-2026-01-15-12-00-02.pem", new FileInfo(Path.Combine(pki, "kubelet-client-current.pem")).LinkTarget);
        var first = File.ReadAllText(Path.Combine(pki, "kubelet-client-2026-01-15-12-00-00.pem"));
        using var initial = X509Certificate2.CreateFromPem(first, first);
        Assert.Equal(tree.Certificates[KubeadmNames.KubeletConf].RawData, initial.RawData);
        var pem = File.ReadAllText(Path.Combine(pki, "kubelet-client-2026-01-15-12-00-02.pem"));
        Assert.Contains("-----BEGIN EC PRIVATE KEY-----", pem);
        using var pair = X509Certificate2.CreateFromPem(pem, pem);
        Assert.Equal(tree.Certificates[KubeadmTreeBuilder.KubeletClient].RawData, pair.RawData);
        if (OperatingSystem.IsLinux()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(pki, "kubelet-client-2026-01-15-12-00-02.pem")));
    }

    [Fact]
    public void Build_KubeletClient_SignedAsTheControllerManagerSigns()
    {
        using var tree = Build(o => o with { KeyAlgorithm = KubeadmKeyAlgorithm.Rsa2048, DistinctKeys = false });
        var file = Path.Combine(tree.KubeletDirectory!, "pki", "kubelet-client-2026-01-15-12-00-02.pem");

        var openssl = OpensslX509.Read(file);
        var signedAt = Now + TimeSpan.FromSeconds(2);
        Assert.Equal(signedAt - TimeSpan.FromMinutes(5), openssl.NotBefore);
        Assert.Equal(signedAt + TimeSpan.FromHours(8760) - TimeSpan.FromMinutes(5), openssl.NotAfter);
        Assert.Equal("CN=system:node:cp-1,O=system:nodes", openssl.Subject);
        var text = Openssl.Run("x509", "-in", file, "-noout", "-text");
        Assert.Contains("Public-Key: (256 bit)", text); // the kubelet's own P-256 key, whatever the cluster's algorithm
        Assert.Contains("TLS Web Client Authentication", text);
        Assert.Contains("CA:FALSE", text);
        Assert.Contains("sha256WithRSAEncryption", text); // signed by the RSA cluster CA
        Assert.Contains("OK", Openssl.Run("verify", "-CAfile", Path.Combine(tree.Root, "pki", "ca.crt"), file));
    }

    [Fact]
    public void Build_KubeletServing_IsClientGosSelfSignedPair()
    {
        using var tree = Build();

        var file = Path.Combine(tree.KubeletDirectory!, "pki", "kubelet.crt");
        var certs = new X509Certificate2Collection();
        certs.ImportFromPem(File.ReadAllText(file));
        Assert.Equal(2, certs.Count);
        Assert.Equal($"CN=cp-1@{Now.ToUnixTimeSeconds()}", certs[0].Subject);
        Assert.Equal($"CN=cp-1-ca@{Now.ToUnixTimeSeconds()}", certs[1].Subject);
        Assert.Equal(("02", "01"), (certs[0].SerialNumber, certs[1].SerialNumber));
        Assert.Equal((Now - TimeSpan.FromHours(1)).UtcDateTime, certs[0].NotBefore.ToUniversalTime());
        Assert.Equal((Now - TimeSpan.FromHours(1) + TimeSpan.FromDays(365)).UtcDateTime, certs[0].NotAfter.ToUniversalTime());
        Assert.Equal(2048, certs[0].GetRSAPublicKey()!.KeySize); // RSA on an ECDSA cluster: the kubelet makes it so
        Assert.Equal(["cp-1"], Sans(certs[0]).Dns);
        Assert.True(Chains(certs[0], certs[1]));
        Assert.StartsWith("-----BEGIN RSA PRIVATE KEY-----", File.ReadAllText(Path.Combine(tree.KubeletDirectory!, "pki", "kubelet.key")));
    }

    [Fact]
    public void Build_KubeletConfiguration_AsKubeadmWritesIt()
    {
        using var rotating = Build();
        var config = LoadYaml(Path.Combine(rotating.KubeletDirectory!, "config.yaml"));
        Assert.Equal("KubeletConfiguration", Text(config, "kind"));
        Assert.Equal("true", Text(config, "rotateCertificates"));
        Assert.Equal("/etc/kubernetes/pki/ca.crt", Text(Mapping(Mapping(config, "authentication"), "x509"), "clientCAFile"));
        Assert.Equal("10.96.0.10", ((YamlScalarNode)Sequence(config, "clusterDNS")[0]).Value);
    }

    [Fact]
    public void Build_NoKubeletDirectory_WritesNothingOutsideRoot()
    {
        using var tree = Build(o => o with { KubeletDirectory = null });

        Assert.False(Directory.Exists(_dir.Combine("var")));
        Assert.True(File.Exists(Path.Combine(tree.Root, "kubelet.conf")));
        Assert.False(tree.Certificates.ContainsKey(KubeadmTreeBuilder.KubeletServing));
    }

    [Theory]
    [InlineData("kube-apiserver.yaml", "kube-apiserver", "--tls-cert-file", "/etc/kubernetes/pki/apiserver.crt")]
    [InlineData("kube-apiserver.yaml", "kube-apiserver", "--etcd-certfile", "/etc/kubernetes/pki/apiserver-etcd-client.crt")]
    [InlineData("kube-apiserver.yaml", "kube-apiserver", "--requestheader-client-ca-file", "/etc/kubernetes/pki/front-proxy-ca.crt")]
    [InlineData("etcd.yaml", "etcd", "--peer-cert-file", "/etc/kubernetes/pki/etcd/peer.crt")]
    [InlineData("etcd.yaml", "etcd", "--listen-client-urls", "https://127.0.0.1:2379,https://192.168.7.20:2379")]
    [InlineData("kube-controller-manager.yaml", "kube-controller-manager", "--cluster-signing-cert-file", "/etc/kubernetes/pki/ca.crt")]
    [InlineData("kube-scheduler.yaml", "kube-scheduler", "--kubeconfig", "/etc/kubernetes/scheduler.conf")]
    public void Build_Manifests_CarryKubeadmFlags(string file, string component, string flag, string value)
    {
        using var tree = Build();

        var path = Path.Combine(tree.Root, "manifests", file);
        Assert.True(StaticPodManifestReader.TryRead(path, File.ReadAllBytes(path), out var manifest, out var error), error?.Message);
        Assert.Equal(component, manifest.Component);
        Assert.Equal(value, manifest.Flag(flag));
    }

    [Fact]
    public void Build_Rsa2048Default_WritesPkcs1KeysThatMatchTheirCertificates()
    {
        using var tree = Build(o => o with { KeyAlgorithm = KubeadmKeyAlgorithm.Rsa2048, DistinctKeys = false });

        var keyPem = File.ReadAllText(Path.Combine(tree.Root, "pki", "apiserver.key"));
        Assert.StartsWith("-----BEGIN RSA PRIVATE KEY-----", keyPem);
        using var pair = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(tree.Root, "pki", "apiserver.crt")), keyPem);
        Assert.Equal(2048, pair.GetRSAPublicKey()!.KeySize);
        Assert.True(Chains(tree.Certificates[KubeadmNames.EtcdPeer], tree.Certificates[KubeadmNames.EtcdCa]));
    }

    [Fact]
    public void Issue_AnotherApiserver_KeepsKeySubjectAndIssuerWithNewDates()
    {
        using var tree = Build();
        var old = CertificateValidity.Around(Now, TimeSpan.FromDays(363), TimeSpan.FromDays(2));

        using var served = tree.Issue(KubeadmNames.Apiserver, old);

        var onDisk = tree.Certificates[KubeadmNames.Apiserver];
        Assert.Equal(onDisk.SubjectName.Name, served.SubjectName.Name);
        Assert.Equal(onDisk.PublicKey.EncodedKeyValue.RawData, served.PublicKey.EncodedKeyValue.RawData);
        Assert.NotEqual(onDisk.SerialNumber, served.SerialNumber);
        Assert.Equal(old.NotAfter, new DateTimeOffset(served.NotAfter));
        Assert.True(served.HasPrivateKey);
        Assert.True(Chains(served, tree.Certificates[KubeadmNames.Ca]));
    }

    [Fact]
    public void Build_ExternalCa_LeavesCaKeyOffTheNode()
    {
        using var tree = Build(o => o with { ExternalCa = true });

        Assert.False(File.Exists(Path.Combine(tree.Root, "pki", "ca.key")));
        Assert.True(File.Exists(Path.Combine(tree.Root, "pki", "front-proxy-ca.key")));
        Assert.True(Chains(tree.Certificates[KubeadmNames.Apiserver], tree.Certificates[KubeadmNames.Ca]));
    }

    [Theory]
    [InlineData(KubeadmCaLayout.Intermediate, 1)]
    [InlineData(KubeadmCaLayout.IntermediateBundle, 2)]
    public void Build_IntermediateCas_IssuedByOneRootKeptOffTheNode(KubeadmCaLayout layout, int certificatesInCaFile)
    {
        using var tree = Build(o => o with { CaLayout = layout });

        var inFile = new X509Certificate2Collection();
        inFile.ImportFromPem(File.ReadAllText(Path.Combine(tree.Root, "pki", "ca.crt")));
        Assert.Equal(certificatesInCaFile, inFile.Count);
        var ca = tree.Certificates[KubeadmNames.Ca];
        Assert.Equal("CN=kubernetes-root-ca", ca.Issuer);
        Assert.Equal(ca.RawData, inFile[0].RawData);
        if (certificatesInCaFile == 2) Assert.Equal("CN=kubernetes-root-ca", inFile[1].Subject);
        Assert.DoesNotContain(Directory.EnumerateFiles(tree.Root, "*", SearchOption.AllDirectories), f => File.ReadAllText(f).Contains("kubernetes-root-ca", StringComparison.Ordinal) && f.EndsWith(".key", StringComparison.Ordinal));
        // The intermediate is the anchor clients hold (its root is not on the node): openssl accepts it as one with -partial_chain.
        Assert.Contains("OK", Openssl.Run("verify", "-attime", Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), "-partial_chain",
            "-CAfile", Path.Combine(tree.Root, "pki", "ca.crt"), Path.Combine(tree.Root, "pki", "apiserver.crt")));
    }

    [Fact]
    public void JoinWorker_WritesWhatKubeadmJoinAndTheKubeletLeave()
    {
        using var tree = Build();
        var root = _dir.Combine("worker", "etc", "kubernetes");
        var kubeletDir = _dir.Combine("worker", "var", "lib", "kubelet");

        tree.JoinWorker(root, kubeletDir, "worker-1", Now + TimeSpan.FromDays(1));

        Assert.Equal(["kubelet.conf", "pki/ca.crt"], Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f)).Order());
        var kubelet = LoadYaml(Path.Combine(root, "kubelet.conf"));
        Assert.Equal("default-cluster", Text((YamlMappingNode)Sequence(kubelet, "clusters")[0], "name"));
        Assert.Equal("/var/lib/kubelet/pki/kubelet-client-current.pem", Text(Mapping(Sequence(kubelet, "users")[0], "user"), "client-certificate"));
        var current = Path.Combine(kubeletDir, "pki", "kubelet-client-current.pem");
        Assert.Equal("/var/lib/kubelet/pki/kubelet-client-2026-01-16-12-00-00.pem", new FileInfo(current).LinkTarget);
        var client = OpensslX509.Read(Path.Combine(kubeletDir, "pki", "kubelet-client-2026-01-16-12-00-00.pem"));
        Assert.Equal("CN=system:node:worker-1,O=system:nodes", client.Subject);
        Assert.StartsWith("CN=worker-1@", OpensslX509.Read(Path.Combine(kubeletDir, "pki", "kubelet.crt")).Subject);
        Assert.DoesNotContain("staticPodPath", File.ReadAllText(Path.Combine(kubeletDir, "config.yaml")));
    }

    private static bool Chains(X509Certificate2 leaf, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = Now.UtcDateTime;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreWrongUsage;
        return chain.Build(leaf);
    }

    private static (List<string> Dns, List<string> Ips) Sans(X509Certificate2 cert)
    {
        var ext = cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        return (ext.EnumerateDnsNames().ToList(), ext.EnumerateIPAddresses().Select(i => i.ToString()).ToList());
    }

    private static YamlMappingNode LoadYaml(string path)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(path)));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlSequenceNode Sequence(YamlMappingNode node, string key) => (YamlSequenceNode)node[key];
    private static YamlMappingNode Mapping(YamlNode node, string key) => (YamlMappingNode)((YamlMappingNode)node)[key];
    private static string Text(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;
}
