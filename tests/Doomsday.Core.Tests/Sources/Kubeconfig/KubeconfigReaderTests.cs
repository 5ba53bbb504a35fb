using System.Text;
using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Files;
using Doomsday.Core.Sources.Kubeconfig;
using Doomsday.Core.Tests.Support;

namespace Doomsday.Core.Tests.Sources.Kubeconfig;

public sealed class KubeconfigReaderTests : IDisposable
{
    private static readonly string Assets = RepoPaths.CorpusFile("kubeconfigs", "kubernetes-client-csharp-assets");
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static CollectingSink Read(string path)
    {
        var sink = new CollectingSink();
        KubeconfigReader.Read(path, File.ReadAllBytes(path), new ScanOptions(), sink);
        return sink;
    }

    private static int LineOf(string file, string text) =>
        Array.FindIndex(File.ReadAllLines(file), l => l.Contains(text, StringComparison.Ordinal)) + 1;

    public static TheoryData<string> CorpusKubeconfigs()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.EnumerateFiles(Assets, "kubeconfig*.yml").Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(CorpusKubeconfigs))]
    public void Read_CorpusVariant_ParsesWithKnownReasonsOnly(string name)
    {
        var file = Path.Combine(Assets, name);

        Assert.True(KubeconfigReader.LooksLikeKubeconfig(File.ReadAllBytes(file)));
        var sink = Read(file);

        Assert.All(sink.Errors, e => Assert.Contains(e.Reason, ReasonCodes.All));
        Assert.DoesNotContain(sink.Errors, e => e.Reason == ReasonCodes.BadKubeconfig);
        Assert.All(sink.Certificates, c => Assert.IsType<KubeconfigSourceRef>(c.Source));
    }

    [Fact]
    public void Read_CorpusKubeconfig_MissingReferencedFilesAreNotFoundWithTheirLine()
    {
        // kubeconfig.yml names assets/ca.crt relative to itself, as kubectl resolves it; the corpus keeps no assets/ folder.
        var file = Path.Combine(Assets, "kubeconfig.yml");

        var sink = Read(file);

        var ca = Assert.Single(sink.Errors, e => ((KubeconfigSourceRef)e.Source).Field == "certificate-authority");
        Assert.Equal(ReasonCodes.NotFound, ca.Reason);
        Assert.Equal(Path.Combine(Assets, "assets", "ca.crt"), ((KubeconfigSourceRef)ca.Source).ReferencedPath);
        Assert.StartsWith($"line {LineOf(file, "certificate-authority: assets/ca.crt")}:", ca.Message);
        var client = Assert.Single(sink.Errors, e => ((KubeconfigSourceRef)e.Source).EmbeddedName == "green-user");
        Assert.StartsWith($"line {LineOf(file, "client-certificate: assets/client.crt")}:", client.Message);
        Assert.Contains(sink.Certificates, c => ((KubeconfigSourceRef)c.Source).Field == "certificate-authority-data");
    }

    [Fact]
    public void Read_RelativePaths_ResolvedAgainstKubeconfigDirectoryAndKeysMatched()
    {
        var kube = _dir.Dir("home/.kube");
        _dir.File("home/.kube/assets/ca.crt", File.ReadAllBytes(Path.Combine(Assets, "ca.crt")));
        _dir.File("home/.kube/assets/client.crt", File.ReadAllBytes(Path.Combine(Assets, "client.crt")));
        _dir.File("home/.kube/assets/client.key", File.ReadAllBytes(Path.Combine(Assets, "keys", "client.key")));
        _dir.File("home/.kube/assets/elliptic.crt", File.ReadAllBytes(Path.Combine(Assets, "elliptic.crt")));
        _dir.File("home/.kube/assets/elliptic-client.key", File.ReadAllBytes(Path.Combine(Assets, "keys", "elliptic-client.key")));
        var config = _dir.File("home/.kube/config", File.ReadAllBytes(Path.Combine(Assets, "kubeconfig.yml")));

        var sink = Read(config);

        Assert.Empty(sink.Errors);
        var horse = Assert.Single(sink.Certificates, c => ((KubeconfigSourceRef)c.Source).EmbeddedName == "horse-cluster");
        Assert.Equal(Path.Combine(kube, "assets", "ca.crt"), ((KubeconfigSourceRef)horse.Source).ReferencedPath);
        Assert.Null(horse.KeyMatches);
        Assert.True(Assert.Single(sink.Certificates, c => ((KubeconfigSourceRef)c.Source).EmbeddedName == "green-user").KeyMatches);
        Assert.True(Assert.Single(sink.Certificates, c => ((KubeconfigSourceRef)c.Source).EmbeddedName == "elliptic-user").KeyMatches);
    }

    [Fact]
    public void Read_EmbeddedClientCertificateWithOwnAndForeignKey_KeyMatchesTrueThenFalse()
    {
        using var ca = CertFactory.Create(new CertSpec { Subject = "CN=kubernetes", IsCa = true, KeyType = "p256" });
        using var admin = CertFactory.Create(new CertSpec { Subject = "CN=kubernetes-admin,O=system:masters", KeyType = "p256" }, ca);
        using var other = CertFactory.Create(new CertSpec { KeyType = "p256" });
        static string B64(string s) => Convert.ToBase64String(Encoding.ASCII.GetBytes(s));
        string Config(string key) => $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: k
              cluster:
                server: https://127.0.0.1:6443
                certificate-authority-data: {B64(CertFactory.CertPem(ca))}
            users:
            - name: admin
              user:
                client-certificate-data: {B64(CertFactory.CertPem(admin))}
                client-key-data: {B64(key)}
            """;
        var good = _dir.File("good.conf", Config(CertFactory.KeyPem(admin)));
        var bad = _dir.File("bad.conf", Config(CertFactory.KeyPem(other)));

        var goodSink = Read(good);
        var badSink = Read(bad);

        Assert.Empty(goodSink.Errors);
        Assert.Equal(["kubernetes", "kubernetes-admin"], goodSink.Certificates.Select(c => c.Certificate.SubjectCommonName));
        Assert.Equal([null, true], goodSink.Certificates.Select(c => c.KeyMatches));
        Assert.Equal([null, false], badSink.Certificates.Select(c => c.KeyMatches));
        var printed = string.Join("\n", goodSink.Certificates.Select(c => c.ToString()));
        Assert.DoesNotContain(CertFactory.KeyBase64(admin)[40..80], printed);
    }

    [Fact]
    public void Read_BadBase64_BadBase64WithLine()
    {
        var file = _dir.File("config", """
            apiVersion: v1
            kind: Config
            clusters:
            - name: broken
              cluster:
                server: https://127.0.0.1:6443
                certificate-authority-data: "not*base64!"
            """);

        var sink = Read(file);

        var error = Assert.Single(sink.Errors);
        Assert.Equal(ReasonCodes.BadBase64, error.Reason);
        Assert.StartsWith("line 7:", error.Message);
        Assert.Equal("certificate-authority-data", ((KubeconfigSourceRef)error.Source).Field);
    }

    [Fact]
    public void Read_BrokenYaml_BadKubeconfigWithLineAndColumn()
    {
        var file = _dir.File("config", "apiVersion: v1\nkind: Config\nclusters:\n- name: a\n  cluster: {server: [unclosed\nusers: []\n");

        var sink = Read(file);

        var error = Assert.Single(sink.Errors);
        Assert.Equal(ReasonCodes.BadKubeconfig, error.Reason);
        Assert.Matches(@"^line \d+, column \d+: ", error.Message);
    }

    [Fact]
    public void Read_EveryPrefixOfCorpusKubeconfigs_NeverThrows()
    {
        // Truncated files (a copy cut short, a disk full) must become errors, never exceptions.
        var reasons = new HashSet<string>();
        foreach (var file in Directory.EnumerateFiles(Assets, "kubeconfig*.yml"))
        {
            var bytes = File.ReadAllBytes(file);
            for (var cut = 1; cut < bytes.Length; cut += 23)
            {
                var sink = new CollectingSink();
                KubeconfigReader.Read(file, bytes[..cut], new ScanOptions(), sink);
                foreach (var e in sink.Errors) reasons.Add(e.Reason);
            }
        }
        Assert.Contains(ReasonCodes.BadKubeconfig, reasons);
        Assert.Subset(ReasonCodes.All.ToHashSet(), reasons);
    }

    [Fact]
    public void LooksLikeKubeconfig_ConfigMap_False()
    {
        Assert.False(KubeconfigReader.LooksLikeKubeconfig("apiVersion: v1\nkind: ConfigMap\ndata: {}\n"u8));
        Assert.True(KubeconfigReader.LooksLikeKubeconfig("apiVersion: v1\nkind: Config\n"u8));
    }

    [Fact]
    public void Interpret_KubeconfigWithoutCertificates_NamedExplicitlyIsNoCertificateFound()
    {
        var file = Path.Combine(Assets, "kubeconfig.tls-skip.yml");
        var sink = new CollectingSink();

        FileInterpreter.Interpret(file, isExplicit: true, new ScanOptions(), sink);

        Assert.Equal(ReasonCodes.NoCertificateFound, Assert.Single(sink.Errors).Reason);
    }

    /// <summary>
    /// certificate-authority naming a FIFO that nobody writes to hung scan forever (the referenced file was
    /// opened blocking). It reads as empty now: one error for that field, and the rest of the kubeconfig is read.
    /// </summary>
    [Fact]
    public async Task Read_CertificateAuthorityIsAFifo_OneErrorForTheFieldNoHang()
    {
        var fifo = _dir.Combine("ca-fifo");
        using (var mkfifo = System.Diagnostics.Process.Start(ChildProcess.Find("mkfifo", "/usr/bin/mkfifo", "/bin/mkfifo"), [fifo])) await mkfifo.WaitForExitAsync();
        var ca = Convert.ToBase64String(File.ReadAllBytes(Path.Combine(Assets, "ca.crt")));
        var config = _dir.File("kubeconfig", $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: hung
              cluster: {server: https://10.0.0.1:6443, certificate-authority: ca-fifo}
            - name: fine
              cluster: {server: https://10.0.0.2:6443, certificate-authority-data: {{ca}}}
            """);

        var sink = await Task.Run(() => Read(config)).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal("fine", ((KubeconfigSourceRef)Assert.Single(sink.Certificates).Source).EmbeddedName);
        var error = Assert.Single(sink.Errors);
        Assert.Equal((ReasonCodes.NoCertificateFound, fifo), (error.Reason, ((KubeconfigSourceRef)error.Source).ReferencedPath));
    }
}
