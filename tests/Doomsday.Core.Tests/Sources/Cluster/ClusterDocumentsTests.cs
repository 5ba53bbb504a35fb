using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Cluster;
using Doomsday.Core.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Doomsday.Core.Tests.Sources.Cluster;

/// <summary>
/// Real and fixture API documents from tests/testdata/corpus/k8s-api-json (see its SOURCES.md): ConfigMap
/// lists, CSRs (v1, v1beta1, a Go-struct dump), a cert-manager TLS Secret, placeholder round-trip
/// fixtures and plain junk. Each goes through the source's own object → certificates path, and must
/// yield exactly the certificates an independent count finds: every PEM CERTIFICATE block, in any
/// string value or base64-decoded string value, that .NET's X509Certificate2 loads.
/// </summary>
public class ClusterDocumentsTests
{
    private static readonly string Root = RepoPaths.CorpusFile("k8s-api-json");

    private static List<string> DocumentPaths() =>
        Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != "LICENSE" && !f.EndsWith(".crt", StringComparison.Ordinal)) // .crt: PEM files, not API documents
            .Select(f => Path.GetRelativePath(Root, f))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static TheoryData<string> Documents() => new(DocumentPaths());

    [Theory]
    [MemberData(nameof(Documents))]
    public void Decode_CorpusDocument_YieldsEveryLoadableCertificate(string relative)
    {
        var path = Path.Combine(Root, relative);
        var content = File.ReadAllBytes(path);
        var sink = new CollectingSink();

        ClusterDocuments.Decode(relative, content, sink);

        Assert.Equal(IndependentCount(content), sink.Certificates.Count);
        Assert.All(sink.Certificates, c => Assert.Equal(relative, ((ClusterSourceRef)c.Source).Cluster));
    }

    [Fact]
    public void Decode_WholeCorpus_FindsTheKnownRealCertificates()
    {
        var sink = new CollectingSink();
        foreach (var relative in DocumentPaths()) ClusterDocuments.Decode(relative, File.ReadAllBytes(Path.Combine(Root, relative)), sink);

        // SOURCES.md: minikubeCA in kube-root-ca.crt; the cert-manager Secret's 3-certificate chain; the approved CSR.
        Assert.Contains(sink.Certificates, c => c.Certificate.SubjectCommonName == "minikubeCA" && c.Source is ClusterSourceRef { Name: "kube-root-ca.crt", Key: "ca.crt" });
        Assert.Equal(3, sink.Certificates.Count(c => c.Source is ClusterSourceRef { ObjectKind: "Secret", Key: "tls.crt" } s && s.Cluster.StartsWith("laghoule", StringComparison.Ordinal)));
        Assert.Contains(sink.Certificates, c => c.Source is ClusterSourceRef { ObjectKind: "CertificateSigningRequest", Key: "status.certificate" } && c.Certificate.IssuerCommonName!.StartsWith("kube-csr-signer", StringComparison.Ordinal));
        Assert.True(sink.Certificates.Count >= 10, $"{sink.Certificates.Count} certificates");
    }

    [Fact]
    public void Decode_PlainText_IsAnErrorNotACrash()
    {
        var sink = new CollectingSink();

        ClusterDocuments.Decode("junk", "this is not a secret"u8.ToArray(), sink);

        Assert.Empty(sink.Certificates);
        Assert.Equal(ReasonCodes.DecodeFailed, Assert.Single(sink.Errors).Reason);
    }

    private static readonly Regex PemBlock = new("-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", RegexOptions.Singleline);

    /// <summary>Walks every scalar with YamlDotNet (JSON is YAML), not with the code under test.</summary>
    private static int IndependentCount(byte[] content)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(Encoding.UTF8.GetString(content)));
        }
        catch (YamlDotNet.Core.YamlException)
        {
            return 0;
        }
        var count = 0;
        foreach (var doc in stream.Documents)
        {
            foreach (var scalar in doc.AllNodes.OfType<YamlScalarNode>())
            {
                var text = scalar.Value ?? "";
                count += Loadable(text);
                if (text.Length >= 16 && TryBase64(text, out var decoded)) count += Loadable(decoded);
            }
        }
        return count;
    }

    private static int Loadable(string text) => PemBlock.Matches(text).Count(m =>
    {
        try
        {
            using var _ = X509Certificate2.CreateFromPem(m.Value);
            return true;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    });

    private static bool TryBase64(string text, out string decoded)
    {
        decoded = "";
        var buffer = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, buffer, out var n)) return false;
        decoded = Encoding.UTF8.GetString(buffer, 0, n);
        return true;
    }
}
