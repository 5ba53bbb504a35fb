using System.Net;
using Doomsday.Core.Inventory;
using Doomsday.Core.Pki;
using Doomsday.Core.Sources.Kubeadm;
using Doomsday.Core.Tests.Support;
using YamlDotNet.RepresentationModel;
using N = Doomsday.Core.Sources.Kubeadm.KubeadmNames;

namespace Doomsday.Core.Tests.Sources.Kubeadm;

public sealed class KubeadmSourceTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A node's filesystem copy: DIR/etc/kubernetes and DIR/var/lib/kubelet.</summary>
    private KubeadmTree BuildNode() => KubeadmTreeBuilder.Build(_dir.Combine("etc", "kubernetes"), new KubeadmTreeOptions
    {
        Now = Now,
        NodeName = "cp-1",
        NodeIp = IPAddress.Parse("192.168.7.20"),
        KeyAlgorithm = KubeadmKeyAlgorithm.EcdsaP256,
        DistinctKeys = true,
        KubeletDirectory = _dir.Combine("var", "lib", "kubelet"),
    });

    private static CollectingSink Collect(string root)
    {
        var sink = new CollectingSink();
        new KubeadmSource(root, new ScanOptions()).CollectAsync(sink, CancellationToken.None).GetAwaiter().GetResult();
        return sink;
    }

    private static FoundCertificate Named(CollectingSink sink, string name) => Assert.Single(sink.Certificates, c => c.Name == name);

    [Fact]
    public void CollectAsync_GeneratedTree_ReportsEveryKubeadmNameOnceWithoutErrors()
    {
        using var tree = BuildNode();

        var sink = Collect(tree.Root);

        Assert.Empty(sink.Errors);
        foreach (var name in N.PkiFiles.Select(p => p.Name).Concat(N.Kubeconfigs))
        {
            var found = Named(sink, name);
            // kubelet.conf names the kubelet's rotated client certificate, not the one kubeadm first wrote
            var written = name == N.KubeletConf ? tree.Certificates[KubeadmTreeBuilder.KubeletClient] : tree.Certificates[name];
            Assert.Equal(written.SerialNumber, found.Certificate.SerialNumber);
        }
        // each kubeconfig also carries the CA; the kubelet's serving pair is reported from its own file
        Assert.Equal(5, sink.Certificates.Count(c => c.Name?.EndsWith(".conf (ca)", StringComparison.Ordinal) == true));
        Assert.Equal(2, sink.Certificates.Count(c => c.Source is FileSourceRef f && f.Path.EndsWith("/var/lib/kubelet/pki/kubelet.crt", StringComparison.Ordinal)));
        Assert.Equal(10 + 5 * 2 + 2, sink.Certificates.Count);
    }

    [Theory]
    [InlineData(N.Ca, null)]
    [InlineData(N.EtcdCa, null)]
    [InlineData(N.FrontProxyCa, null)]
    [InlineData(N.Apiserver, N.Ca)]
    [InlineData(N.ApiserverKubeletClient, N.Ca)]
    [InlineData(N.ApiserverEtcdClient, N.EtcdCa)]
    [InlineData(N.FrontProxyClient, N.FrontProxyCa)]
    [InlineData(N.EtcdServer, N.EtcdCa)]
    [InlineData(N.EtcdPeer, N.EtcdCa)]
    [InlineData(N.EtcdHealthcheckClient, N.EtcdCa)]
    [InlineData(N.AdminConf, N.Ca)]
    [InlineData(N.SuperAdminConf, N.Ca)]
    [InlineData(N.ControllerManagerConf, N.Ca)]
    [InlineData(N.SchedulerConf, N.Ca)]
    [InlineData(N.KubeletConf, N.Ca)]
    public void CollectAsync_GeneratedTree_AuthorityIsTheIssuingKubeadmCa(string name, string? authority)
    {
        using var tree = BuildNode();

        var found = Named(Collect(tree.Root), name);

        Assert.Equal(authority, found.Authority);
        if (authority is not null) Assert.Equal(tree.Certificates[authority].SubjectName.RawData, IssuerDer(found));
    }

    [Fact]
    public void CollectAsync_GeneratedTree_EveryKeyMatches()
    {
        using var tree = BuildNode();

        var sink = Collect(tree.Root);

        foreach (var name in N.PkiFiles.Select(p => p.Name).Concat([N.AdminConf, N.SuperAdminConf, N.ControllerManagerConf, N.SchedulerConf, N.KubeletConf]))
        {
            Assert.True(Named(sink, name).KeyMatches, name);
        }
        Assert.Null(Named(sink, "admin.conf (ca)").KeyMatches);
    }

    [Fact]
    public void CollectAsync_SwappedKey_KeyMatchesFalseForThatPairOnly()
    {
        using var tree = BuildNode();
        var pki = Path.Combine(tree.Root, "pki");
        File.Copy(Path.Combine(pki, "front-proxy-client.key"), Path.Combine(pki, "apiserver.key"), overwrite: true);

        var sink = Collect(tree.Root);

        Assert.False(Named(sink, N.Apiserver).KeyMatches);
        Assert.True(Named(sink, N.FrontProxyClient).KeyMatches);
        Assert.True(Named(sink, N.EtcdPeer).KeyMatches);
    }

    [Fact]
    public void CollectAsync_KeyWithoutKeyMaterial_KeyUnreadableAndNoVerdict()
    {
        using var tree = BuildNode();
        File.WriteAllText(Path.Combine(tree.Root, "pki", "etcd", "peer.key"), "not a key\n");

        var sink = Collect(tree.Root);

        Assert.Null(Named(sink, N.EtcdPeer).KeyMatches);
        var error = Assert.Single(sink.Errors);
        Assert.Equal(ReasonCodes.KeyUnreadable, error.Reason);
        Assert.EndsWith("/pki/etcd/peer.key", ((FileSourceRef)error.Source).Path);
    }

    [Theory]
    [InlineData(N.Apiserver, "kube-apiserver --tls-cert-file")]
    [InlineData(N.Ca, "kube-apiserver --client-ca-file|kube-controller-manager --client-ca-file|kube-controller-manager --cluster-signing-cert-file|kube-controller-manager --root-ca-file")]
    [InlineData(N.EtcdCa, "etcd --peer-trusted-ca-file|etcd --trusted-ca-file|kube-apiserver --etcd-cafile")]
    [InlineData(N.FrontProxyCa, "kube-apiserver --requestheader-client-ca-file|kube-controller-manager --requestheader-client-ca-file")]
    [InlineData(N.ApiserverEtcdClient, "kube-apiserver --etcd-certfile")]
    [InlineData(N.ApiserverKubeletClient, "kube-apiserver --kubelet-client-certificate")]
    [InlineData(N.FrontProxyClient, "kube-apiserver --proxy-client-cert-file")]
    [InlineData(N.EtcdServer, "etcd --cert-file")]
    [InlineData(N.EtcdPeer, "etcd --peer-cert-file")]
    [InlineData(N.ControllerManagerConf, "kube-controller-manager --authentication-kubeconfig|kube-controller-manager --authorization-kubeconfig|kube-controller-manager --kubeconfig")]
    [InlineData(N.SchedulerConf, "kube-scheduler --authentication-kubeconfig|kube-scheduler --authorization-kubeconfig|kube-scheduler --kubeconfig")]
    [InlineData(N.EtcdHealthcheckClient, "")]
    [InlineData(N.AdminConf, "")]
    public void CollectAsync_GeneratedTree_UsedByComesFromTheManifests(string name, string usedBy)
    {
        using var tree = BuildNode();

        var found = Named(Collect(tree.Root), name);

        Assert.Equal(usedBy.Split('|', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal), found.UsedBy.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void CollectAsync_CopyAtAnotherRoot_ReadsEtcKubernetesPathsUnderThatRoot()
    {
        using var tree = BuildNode();
        var copy = _dir.Combine("backup", "etc-kubernetes");
        CopyDirectory(tree.Root, copy);
        File.WriteAllText(Path.Combine(copy, "extra.conf"), """
            apiVersion: v1
            kind: Config
            clusters:
            - name: kubernetes
              cluster:
                certificate-authority: /etc/kubernetes/pki/ca.crt
                server: https://192.168.7.20:6443
            users:
            - name: kubelet-client
              user:
                client-certificate: /etc/kubernetes/pki/apiserver-kubelet-client.crt
                client-key: /etc/kubernetes/pki/apiserver-kubelet-client.key
            """);

        var sink = Collect(copy);

        var full = Path.GetFullPath(copy);
        var apiserver = Named(sink, N.Apiserver);
        Assert.Equal(Path.Combine(full, "pki", "apiserver.crt"), ((FileSourceRef)apiserver.Source).Path);
        Assert.Contains("kube-apiserver --tls-cert-file", apiserver.UsedBy);
        var extra = sink.Certificates.Where(c => c.Source is KubeconfigSourceRef k && k.Path.EndsWith("extra.conf", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [Path.Combine(full, "pki", "ca.crt"), Path.Combine(full, "pki", "apiserver-kubelet-client.crt")],
            extra.Select(c => ((KubeconfigSourceRef)c.Source).ReferencedPath));
        Assert.True(extra[1].KeyMatches);
        Assert.Equal("extra.conf", extra[1].Name);
        // kubelet.conf names /var/lib/kubelet/..., which this copy (no node filesystem around it) does not have
        var missing = Assert.Single(sink.Errors);
        Assert.Equal(ReasonCodes.NotFound, missing.Reason);
        Assert.Equal("/var/lib/kubelet/pki/kubelet-client-current.pem", ((KubeconfigSourceRef)missing.Source).ReferencedPath);
    }

    [Fact]
    public void CollectAsync_NodeFilesystemCopy_ReadsKubeletFilesUnderTheCopy()
    {
        using var tree = BuildNode();

        var sink = Collect(tree.Root);

        var kubelet = Named(sink, N.KubeletConf);
        var source = Assert.IsType<KubeconfigSourceRef>(kubelet.Source);
        Assert.Equal(Path.Combine(Path.GetFullPath(tree.KubeletDirectory!), "pki", "kubelet-client-current.pem"), source.ReferencedPath);
        // the link names the node's /var/lib/kubelet, absolute as the kubelet writes it: followed under the copy, not reported not_found
        Assert.StartsWith("/var/lib/kubelet/pki/kubelet-client-", new FileInfo(source.ReferencedPath!).LinkTarget);
        Assert.Empty(sink.Errors);
        Assert.Equal(tree.Certificates[KubeadmTreeBuilder.KubeletClient].SerialNumber, kubelet.Certificate.SerialNumber);
        // read through kubelet.conf, not a second time as a bare file
        Assert.DoesNotContain(sink.Certificates, c => c.Source is FileSourceRef f && f.Path.EndsWith("kubelet-client-current.pem", StringComparison.Ordinal));
        var serving = sink.Certificates.First(c => c.Source is FileSourceRef { Index: 0 } f && f.Path.EndsWith("kubelet.crt", StringComparison.Ordinal));
        Assert.Equal($"cp-1@{Now.ToUnixTimeSeconds()}", serving.Certificate.SubjectCommonName);
        Assert.True(serving.KeyMatches);
    }

    [Fact]
    public void CollectAsync_KubeletFileWithoutKubeletConf_ReportedAsAFile()
    {
        using var tree = BuildNode();
        File.Delete(Path.Combine(tree.Root, "kubelet.conf"));

        var sink = Collect(tree.Root);

        var client = Assert.Single(sink.Certificates, c => c.Source is FileSourceRef f && f.Path.EndsWith("kubelet-client-current.pem", StringComparison.Ordinal));
        Assert.Equal("CN=system:node:cp-1,O=system:nodes", client.Certificate.Subject);
        Assert.Equal(N.Ca, client.Authority);
        Assert.True(client.KeyMatches);
    }

    [Fact]
    public void CollectAsync_MissingRoot_OneNotFoundError()
    {
        var missing = _dir.Combine("nothing-here");

        var sink = Collect(missing);

        Assert.Empty(sink.Certificates);
        var error = Assert.Single(sink.Errors);
        Assert.Equal(ReasonCodes.NotFound, error.Reason);
        Assert.Equal(missing, ((FileSourceRef)error.Source).Path);
        Assert.Contains("--kubeadm", error.Message);
    }

    [Fact]
    public void CollectAsync_ExtraCertificateInPki_ReportedUnnamed()
    {
        using var tree = BuildNode();
        File.Copy(Path.Combine(tree.Root, "pki", "apiserver.crt"), Path.Combine(tree.Root, "pki", "apiserver.crt.old"));
        File.WriteAllText(Path.Combine(tree.Root, "pki", "broken.crt"), "nothing\n");

        var sink = Collect(tree.Root);

        var old = Assert.Single(sink.Certificates, c => c.Source is FileSourceRef f && f.Path.EndsWith("apiserver.crt.old", StringComparison.Ordinal));
        Assert.Null(old.Name);
        Assert.Null(old.Authority);
        var error = Assert.Single(sink.Errors);
        Assert.Equal(ReasonCodes.NoCertificateFound, error.Reason);
        Assert.EndsWith("broken.crt", ((FileSourceRef)error.Source).Path);
    }

    [Fact]
    public void CollectAsync_BrokenManifest_BadManifestAndCertificatesStillReported()
    {
        using var tree = BuildNode();
        File.WriteAllText(Path.Combine(tree.Root, "manifests", "kube-apiserver.yaml"), "apiVersion: v1\nkind: Pod\nspec:\n  containers: [\n");

        var sink = Collect(tree.Root);

        var error = Assert.Single(sink.Errors);
        Assert.Equal(ReasonCodes.BadManifest, error.Reason);
        Assert.StartsWith("line ", error.Message);
        Assert.Empty(Named(sink, N.Apiserver).UsedBy);
        Assert.Equal(["etcd --cert-file"], Named(sink, N.EtcdServer).UsedBy);
    }

    [Fact]
    public void CollectAsync_SameTreeTwice_SameOrder()
    {
        using var tree = BuildNode();

        var first = Collect(tree.Root).Certificates.Select(c => c.Source.Display + "|" + c.Name).ToList();
        var second = Collect(tree.Root).Certificates.Select(c => c.Source.Display + "|" + c.Name).ToList();

        Assert.Equal(first, second);
        // pki/ in path order, then the kubeconfigs by name, then the kubelet's own files
        var kinds = Collect(tree.Root).Certificates.Select(c => c.Source switch
        {
            FileSourceRef f when f.Path.Contains("/pki/", StringComparison.Ordinal) && !f.Path.Contains("/kubelet/", StringComparison.Ordinal) => "pki",
            KubeconfigSourceRef => "conf",
            _ => "kubelet",
        }).Distinct();
        Assert.Equal(["pki", "conf", "kubelet"], kinds);
        var pkiPaths = Collect(tree.Root).Certificates.Select(c => c.Source).OfType<FileSourceRef>().Select(f => f.Path).Where(p => !p.Contains("/kubelet/", StringComparison.Ordinal)).ToList();
        Assert.Equal(pkiPaths.Order(StringComparer.Ordinal), pkiPaths);
        var confs = Collect(tree.Root).Certificates.Select(c => c.Source).OfType<KubeconfigSourceRef>().Select(k => k.Path).Distinct().ToList();
        Assert.Equal(confs.Order(StringComparer.Ordinal), confs);
    }

    [Fact]
    public void CollectAsync_ManifestCertificateMissing_OneNotFoundErrorNamingComponentAndFlag()
    {
        using var tree = BuildNode();
        var complete = Collect(tree.Root).Certificates.Count;
        var crt = Path.Combine(tree.Root, "pki", "apiserver.crt");
        File.Delete(crt);

        var sink = Collect(tree.Root);

        var error = Assert.Single(sink.Errors);
        Assert.Equal(ReasonCodes.NotFound, error.Reason);
        Assert.Equal(Path.GetFullPath(crt), Assert.IsType<FileSourceRef>(error.Source).Path);
        Assert.Equal("kube-apiserver --tls-cert-file: no such file", error.Message);
        Assert.Equal(complete - 1, sink.Certificates.Count);
        Assert.DoesNotContain(sink.Certificates, c => c.Name == N.Apiserver);
    }

    [Fact]
    public void CollectAsync_ManifestCertificateIsADirectory_OneReadFailedError()
    {
        using var tree = BuildNode();
        var crt = Path.Combine(tree.Root, "pki", "apiserver.crt");
        File.Delete(crt);
        Directory.CreateDirectory(crt);

        var sink = Collect(tree.Root);

        var error = Assert.Single(sink.Errors);
        Assert.Equal(ReasonCodes.ReadFailed, error.Reason);
        Assert.Equal(Path.GetFullPath(crt), Assert.IsType<FileSourceRef>(error.Source).Path);
        Assert.StartsWith("kube-apiserver --tls-cert-file: is a directory", error.Message);
    }

    [Fact]
    public void CollectAsync_CaNamedByManyFlagsMissing_OneErrorNamingEveryUser()
    {
        using var tree = BuildNode();
        File.Delete(Path.Combine(tree.Root, "pki", "front-proxy-ca.crt"));

        var sink = Collect(tree.Root);

        var error = Assert.Single(sink.Errors);
        Assert.Equal(ReasonCodes.NotFound, error.Reason);
        Assert.Equal("kube-apiserver --requestheader-client-ca-file, kube-controller-manager --requestheader-client-ca-file: no such file", error.Message);
    }

    [Fact]
    public void CollectAsync_ManifestCertificateIsABrokenLink_OnlyTheWalkersError()
    {
        using var tree = BuildNode();
        var crt = Path.Combine(tree.Root, "pki", "apiserver.crt");
        File.Delete(crt);
        File.CreateSymbolicLink(crt, _dir.Combine("nowhere", "apiserver.crt"));

        var sink = Collect(tree.Root);

        var error = Assert.Single(sink.Errors);
        Assert.Equal(ReasonCodes.BrokenSymlink, error.Reason);
        Assert.Equal(Path.GetFullPath(crt), Assert.IsType<FileSourceRef>(error.Source).Path);
    }

    [Fact]
    public void CollectAsync_ManifestCertificateOutsidePki_ReportedLastWithUsedBy()
    {
        using var tree = BuildNode();
        var custom = Path.Combine(tree.Root, "custom");
        Directory.CreateDirectory(custom);
        var extra = Path.Combine(custom, "extra-ca.crt");
        File.Copy(Path.Combine(tree.Root, "pki", "front-proxy-ca.crt"), extra);
        var manifest = Path.Combine(tree.Root, "manifests", "kube-apiserver.yaml");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace(
            "--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt",
            "--requestheader-client-ca-file=/etc/kubernetes/custom/extra-ca.crt", StringComparison.Ordinal));
        Assert.Contains("/etc/kubernetes/custom/extra-ca.crt", File.ReadAllText(manifest));

        var sink = Collect(tree.Root);

        Assert.Empty(sink.Errors);
        var found = Assert.Single(sink.Certificates, c => c.Source is FileSourceRef f && f.Path == Path.GetFullPath(extra));
        Assert.Equal(["kube-apiserver --requestheader-client-ca-file"], found.UsedBy);
        Assert.Null(found.Name);
        Assert.Same(found, sink.Certificates[^1]);
        Assert.Equal(10 + 5 * 2 + 2 + 1, sink.Certificates.Count);
    }

    [Fact]
    public void CollectAsync_ManifestCertificateOutsidePkiMissing_NotFoundNamingTheFlag()
    {
        using var tree = BuildNode();
        var manifest = Path.Combine(tree.Root, "manifests", "etcd.yaml");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace(
            "--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt",
            "--trusted-ca-file=/etc/kubernetes/custom/etcd-bundle.crt", StringComparison.Ordinal));

        var sink = Collect(tree.Root);

        var error = Assert.Single(sink.Errors);
        Assert.Equal(ReasonCodes.NotFound, error.Reason);
        Assert.Equal(Path.Combine(Path.GetFullPath(tree.Root), "custom", "etcd-bundle.crt"), ((FileSourceRef)error.Source).Path);
        Assert.StartsWith("etcd --trusted-ca-file: ", error.Message);
    }

    [Fact]
    public void CertificateReferences_GeneratedTree_EveryFlagOfTheListThatTheManifestsSet()
    {
        using var tree = BuildNode();

        var node = KubeadmNode.Discover(new KubeadmLayout(tree.Root));

        var references = node.CertificateReferences();
        Assert.Contains(references, r => r.User == "kube-apiserver --tls-cert-file" && r.Path == Path.Combine(Path.GetFullPath(tree.Root), "pki", "apiserver.crt"));
        Assert.Contains(references, r => r.User == "kube-controller-manager --root-ca-file");
        Assert.Contains(references, r => r.User == "etcd --peer-trusted-ca-file");
        Assert.DoesNotContain(references, r => r.Flag.Contains("key", StringComparison.Ordinal));
        Assert.All(references, r => Assert.Contains(r.Flag, KubeadmNode.CertificateFlags[r.Component]));
        // manifests by file name, then flags in list order
        var order = references.Select(r => (Path.GetFileName(node.Manifests.Single(m => m.Component == r.Component).Path), KubeadmNode.CertificateFlags[r.Component].ToList().IndexOf(r.Flag))).ToList();
        Assert.Equal(order.Order(), order);
    }

    [Fact]
    public void CollectAsync_KillercodaCorpus_MissingKubeletClientIsNotFoundAndTheRestIsReported()
    {
        var root = CorpusLocator.KubeadmTree("zetaoss-killercoda-2024");
        Assert.False(File.Exists("/var/lib/kubelet/pki/kubelet-client-current.pem"), "this machine has a kubelet; the test assumes it has none");

        var sink = Collect(root);

        var error = Assert.Single(sink.Errors);
        Assert.Equal(ReasonCodes.NotFound, error.Reason);
        var source = Assert.IsType<KubeconfigSourceRef>(error.Source);
        Assert.EndsWith("kubelet.conf", source.Path);
        Assert.Equal("/var/lib/kubelet/pki/kubelet-client-current.pem", source.ReferencedPath);
        foreach (var name in N.PkiFiles.Select(p => p.Name))
        {
            Assert.Null(Named(sink, name).KeyMatches); // the corpus keeps pki/ keys apart, in keys/
        }
        foreach (var name in new[] { N.AdminConf, N.SuperAdminConf, N.ControllerManagerConf, N.SchedulerConf })
        {
            Assert.True(Named(sink, name).KeyMatches); // client-key-data sits beside client-certificate-data
        }
        Assert.Equal("kubelet.conf (ca)", Assert.Single(sink.Certificates, c => c.Name?.StartsWith("kubelet.conf", StringComparison.Ordinal) == true).Name);
        Assert.Contains("kube-apiserver --tls-cert-file", Named(sink, N.Apiserver).UsedBy);
        Assert.Equal("CN=controlplane", Named(sink, N.EtcdPeer).Certificate.Subject);
    }

    /// <summary>
    /// Acceptance: every certificate in the corpus trees' PKI files and kubeconfigs is reported with
    /// the subject, serial and dates openssl prints for it.
    /// </summary>
    [Theory]
    [InlineData("maxxmoney-2020")]
    [InlineData("zetaoss-killercoda-2024")]
    public void CollectAsync_CorpusTree_EveryCertificateAgreesWithOpenssl(string set)
    {
        var root = CorpusLocator.KubeadmTree(set);
        var sink = Collect(root);
        var compared = 0;

        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "pki"), "*.crt", SearchOption.AllDirectories))
        {
            var found = Assert.Single(sink.Certificates, c => c.Source is FileSourceRef f && f.Path == file);
            AssertAgrees(OpensslX509.Read(file), found, file);
            compared++;
        }
        foreach (var conf in Directory.EnumerateFiles(root, "*.conf"))
        {
            foreach (var (kind, entry, field, base64) in EmbeddedCertificates(conf))
            {
                var temp = _dir.Combine(Guid.NewGuid().ToString("N") + ".pem");
                File.WriteAllBytes(temp, Convert.FromBase64String(base64));
                var found = Assert.Single(sink.Certificates, c => c.Source is KubeconfigSourceRef k
                    && k.Path == conf && k.EmbeddedKind == kind && k.EmbeddedName == entry && k.Field == field);
                AssertAgrees(OpensslX509.Read(temp), found, $"{conf} {kind}:{entry} {field}");
                compared++;
            }
        }

        Assert.Equal(compared, sink.Certificates.Count);
        Assert.True(compared >= 18, $"only {compared} certificates compared");
    }

    /// <summary>
    /// The corpus trees are copies of real nodes: every certificate their manifests' certificate flags
    /// name is in their pki/ (15 references each: 7 of kube-apiserver, 4 of etcd, 4 of kube-controller-manager,
    /// none of kube-scheduler), so accounting for manifest references adds neither certificates nor errors.
    /// </summary>
    [Theory]
    [InlineData("maxxmoney-2020", 15)]
    [InlineData("zetaoss-killercoda-2024", 15)]
    public void CollectAsync_CorpusTree_EveryManifestCertificateReferenceIsAPkiFileReportedOnce(string set, int references)
    {
        var root = CorpusLocator.KubeadmTree(set);
        var node = KubeadmNode.Discover(new KubeadmLayout(root));

        var sink = Collect(root);

        var refs = node.CertificateReferences();
        Assert.Equal(references, refs.Count);
        foreach (var reference in refs)
        {
            Assert.StartsWith(Path.Combine(Path.GetFullPath(root), "pki") + "/", reference.Path);
            var found = Assert.Single(sink.Certificates, c => c.Source is FileSourceRef f && f.Path == reference.Path);
            Assert.Contains(reference.User, found.UsedBy);
        }
        Assert.DoesNotContain(sink.Errors, e => e.Source is FileSourceRef f && refs.Any(r => r.Path == f.Path));
    }

    private static void AssertAgrees(OpensslX509 expected, FoundCertificate found, string where)
    {
        var c = found.Certificate;
        Assert.True(expected.Subject == c.Subject, $"{where}: subject {c.Subject}, openssl {expected.Subject}");
        Assert.True(expected.Serial == c.SerialNumber, $"{where}: serial {c.SerialNumber}, openssl {expected.Serial}");
        Assert.True(expected.NotBefore == c.NotBefore, $"{where}: notBefore {c.NotBefore:o}, openssl {expected.NotBefore:o}");
        Assert.True(expected.NotAfter == c.NotAfter, $"{where}: notAfter {c.NotAfter:o}, openssl {expected.NotAfter:o}");
    }

    private static IEnumerable<(string Kind, string Name, string Field, string Base64)> EmbeddedCertificates(string conf)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(conf)));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        foreach (var (list, kind, field) in new[] { ("clusters", "cluster", "certificate-authority-data"), ("users", "user", "client-certificate-data") })
        {
            foreach (var item in ((YamlSequenceNode)root[list]).Children.Cast<YamlMappingNode>())
            {
                var body = (YamlMappingNode)item[kind];
                if (body.Children.TryGetValue(new YamlScalarNode(field), out var value))
                {
                    yield return (kind, ((YamlScalarNode)item["name"]).Value!, field, ((YamlScalarNode)value).Value!);
                }
            }
        }
    }

    private static byte[] IssuerDer(FoundCertificate found)
    {
        using var cert = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(found.Certificate.Der.Span);
        return cert.IssuerName.RawData;
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var sub in Directory.EnumerateDirectories(from)) CopyDirectory(sub, Path.Combine(to, Path.GetFileName(sub)));
    }
}
