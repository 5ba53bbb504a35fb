using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Doomsday.Core.Formats;
using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Files;
using Doomsday.Core.Tests.Support;

namespace Doomsday.Core.Tests.Formats;

public sealed class CertificateDecoderTests
{
    private const string PyCaPassword = "cryptography";

    private static string Mbedtls(string name) => RepoPaths.CorpusFile("parsers", "mbedtls-data_files", name);
    private static string Pkcs12(string name) => RepoPaths.CorpusFile("parsers", "pyca-cryptography-vectors-38.0.4", "keys", "pkcs12", name);
    private static string Sha256(X509Certificate2 c) => c.GetCertHashString(HashAlgorithmName.SHA256).ToLowerInvariant();

    /// <summary>SHA-256 fingerprints of the certificates openssl finds in a PEM/DER certificate file.</summary>
    private static string OpensslFingerprint(string file, string inform = "PEM") =>
        Openssl.Field(Openssl.Run("x509", "-inform", inform, "-in", file, "-noout", "-fingerprint", "-sha256"), "sha256 Fingerprint")
            .Replace(":", "").ToLowerInvariant();

    private static DecodeResult Decode(string text, params string[] passphrases) => CertificateDecoder.Decode(Encoding.UTF8.GetBytes(text), passphrases);

    [Fact]
    public void Decode_PemBundleOfThree_ReturnsAllInFileOrder()
    {
        using var a = CertFactory.Create(new CertSpec { Subject = "CN=a", KeyType = "p256" });
        using var b = CertFactory.Create(new CertSpec { Subject = "CN=b", KeyType = "p256" });
        using var c = CertFactory.Create(new CertSpec { Subject = "CN=c", KeyType = "p256" });

        var result = Decode(CertFactory.CertPem(a) + CertFactory.CertPem(b) + CertFactory.CertPem(c));

        Assert.Equal(["a", "b", "c"], result.Certificates.Select(x => x.Info.SubjectCommonName));
        Assert.Equal([0, 1, 2], result.Certificates.Select(x => x.Index));
        Assert.All(result.Certificates, x => Assert.Equal("pem", x.Format));
        Assert.Empty(result.Problems);
        Assert.Null(result.KeyMatches(result.Certificates[0].Info));
    }

    [Fact]
    public void Decode_PemWithJunkCrlfAndTrailingSpaces_FindsEveryCertificate()
    {
        using var a = CertFactory.Create(new CertSpec { Subject = "CN=a", KeyType = "p256" });
        using var b = CertFactory.Create(new CertSpec { Subject = "CN=b", KeyType = "p256" });
        var messy = "Subject: whatever\nIssuer: a tool's text dump\n\n"
            + CertFactory.CertPem(a).Replace("\n", "   \r\n")
            + "# comment between blocks -----\n\t"
            + CertFactory.CertPem(b).Replace("\n", "\t \n")
            + "trailing junk without newline";

        var result = Decode(messy);

        Assert.Equal([Sha256(a), Sha256(b)], result.Certificates.Select(x => x.Info.FingerprintSha256));
        Assert.Empty(result.Problems);
    }

    [Theory]
    [InlineData("parsers/zlint-testdata/utcHasSeconds.pem")]
    [InlineData("parsers/zlint-testdata/evValidTooLong.pem")]
    [InlineData("parsers/mbedtls-data_files/parse_input/server7_all_space.crt")]
    [InlineData("parsers/mbedtls-data_files/parse_input/server7_pem_space.crt")]
    [InlineData("parsers/mbedtls-data_files/parse_input/server7_trailing_space.crt")]
    [InlineData("parsers/mbedtls-data_files/server1.spaces.crt")]
    [InlineData("parsers/mbedtls-data_files/server1-nospace.crt")]
    [InlineData("parsers/mbedtls-data_files/test-int-ca3-badsign.crt")] // base64 ends "10==": non-zero padding bits
    [InlineData("parsers/pyca-cryptography-vectors-38.0.4/x509/cryptography.io.with_garbage.pem")]
    public void Decode_CorpusPemVariants_SameCertificateAsOpenssl(string relative)
    {
        var file = RepoPaths.CorpusFile(relative.Split('/'));

        var result = CertificateDecoder.Decode(File.ReadAllBytes(file));

        Assert.Equal(OpensslFingerprint(file), result.Certificates[0].Info.FingerprintSha256);
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void Decode_Der_ReturnsOneCertificateInDerFormat()
    {
        using var cert = CertFactory.Create(new CertSpec());

        var result = CertificateDecoder.Decode(cert.RawData);

        var found = Assert.Single(result.Certificates);
        Assert.Equal("der", found.Format);
        Assert.Equal(Sha256(cert), found.Info.FingerprintSha256);
        Assert.True(result.LooksLikeCertificateMaterial);
    }

    [Theory]
    [InlineData("server5-der0.crt")]
    [InlineData("server5-der1a.crt")]
    [InlineData("server5-der1b.crt")]
    [InlineData("server5-der2.crt")]
    [InlineData("server5-der4.crt")]
    [InlineData("server5-der8.crt")]
    [InlineData("server5-der9.crt")]
    public void Decode_DerWithTrailingGarbage_FingerprintsOnlyTheCertificate(string name)
    {
        var result = CertificateDecoder.Decode(File.ReadAllBytes(Mbedtls(name)));

        var found = Assert.Single(result.Certificates);
        Assert.Equal(OpensslFingerprint(Mbedtls("server5.crt")), found.Info.FingerprintSha256);
        Assert.Equal(File.ReadAllBytes(Mbedtls("server5.crt.der")), found.Info.Der.ToArray());
    }

    [Theory]
    [InlineData("amazon-roots.p7b", "DER")] // BER, indefinite lengths
    [InlineData("amazon-roots.der", "DER")]
    [InlineData("isrg.pem", "PEM")]
    public void Decode_Pkcs7Bundle_ReturnsCertificatesOpensslPrints(string name, string inform)
    {
        var file = RepoPaths.CorpusFile("parsers", "pyca-cryptography-vectors-38.0.4", "pkcs7", name);
        var printed = Openssl.Run("pkcs7", "-inform", inform, "-in", file, "-print_certs");
        var expected = CertificateDecoder.Decode(Encoding.ASCII.GetBytes(printed)).Certificates.Select(c => c.Info.FingerprintSha256).ToList();

        var result = CertificateDecoder.Decode(File.ReadAllBytes(file));

        Assert.NotEmpty(expected);
        Assert.Equal(expected, result.Certificates.Select(c => c.Info.FingerprintSha256));
        Assert.All(result.Certificates, c => Assert.Equal("pkcs7", c.Format));
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void Decode_Pkcs7EnvelopedData_BadPkcs7()
    {
        var result = CertificateDecoder.Decode(File.ReadAllBytes(RepoPaths.CorpusFile("parsers", "pyca-cryptography-vectors-38.0.4", "pkcs7", "enveloped.pem")));

        Assert.Empty(result.Certificates);
        Assert.Equal(ReasonCodes.BadPkcs7, Assert.Single(result.Problems).Reason);
    }

    [Fact]
    public void Decode_Pkcs12Unencrypted_ReturnsEveryCertificate()
    {
        var file = Pkcs12("name-all-no-pwd.p12");
        var printed = Openssl.Run("pkcs12", "-in", file, "-nokeys", "-passin", "pass:");
        var expected = CertificateDecoder.Decode(Encoding.ASCII.GetBytes(printed)).Certificates.Select(c => c.Info.FingerprintSha256).Order().ToList();

        var result = CertificateDecoder.Decode(File.ReadAllBytes(file));

        Assert.Equal(3, expected.Count);
        Assert.Equal(expected, result.Certificates.Select(c => c.Info.FingerprintSha256).Order());
        Assert.All(result.Certificates, c => Assert.Equal("pkcs12", c.Format));
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void Decode_Pkcs12EncryptedWithRightPassphrase_ReturnsCertificateAndMatchingKey()
    {
        var result = CertificateDecoder.Decode(File.ReadAllBytes(Pkcs12("cert-key-aes256cbc.p12")), ["wrong", PyCaPassword]);

        var cert = Assert.Single(result.Certificates);
        Assert.Empty(result.Problems);
        Assert.True(result.KeyMatches(cert.Info));
    }

    [Theory]
    [InlineData("cert-key-aes256cbc.p12")]
    [InlineData("cert-none-key-none.p12")]
    public void Decode_Pkcs12WithoutPassphrase_BadPassphraseSayingHowToPassOne(string name)
    {
        var result = CertificateDecoder.Decode(File.ReadAllBytes(Pkcs12(name)));

        Assert.Empty(result.Certificates);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(ReasonCodes.BadPassphrase, problem.Reason);
        Assert.Contains("--passphrase", problem.Message);
        Assert.Contains("DOOMSDAY_PASSPHRASE", problem.Message);
    }

    [Fact]
    public void Decode_Pkcs12WithWrongPassphrase_BadPassphrase()
    {
        var result = CertificateDecoder.Decode(File.ReadAllBytes(Pkcs12("cert-key-aes256cbc.p12")), ["not-it"]);

        Assert.Empty(result.Certificates);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(ReasonCodes.BadPassphrase, problem.Reason);
        Assert.DoesNotContain("not-it", problem.Message);
    }

    [Fact]
    public void Decode_DerCertificateTruncated_DecodeFailed()
    {
        using var cert = CertFactory.Create(new CertSpec());

        var result = CertificateDecoder.Decode(cert.RawData.AsMemory(0, cert.RawData.Length - 100));

        Assert.Empty(result.Certificates);
        Assert.Equal(ReasonCodes.DecodeFailed, Assert.Single(result.Problems).Reason);
    }

    [Fact]
    public void Decode_TextStartingWithZeros_NotMistakenForDer()
    {
        var result = Decode("0000 0000 0000 0000 this is a hex dump, not DER\n");

        Assert.Empty(result.Problems);
        Assert.False(result.LooksLikeCertificateMaterial);
    }

    [Fact]
    public void Decode_Pkcs12Truncated_BadPkcs12()
    {
        var bytes = File.ReadAllBytes(Pkcs12("cert-key-aes256cbc.p12"));

        var result = CertificateDecoder.Decode(bytes.AsMemory(0, bytes.Length / 2), [PyCaPassword]);

        Assert.Empty(result.Certificates);
        Assert.Equal(ReasonCodes.BadPkcs12, Assert.Single(result.Problems).Reason);
    }

    [Fact]
    public void Decode_GeneratedPkcs12_WithPassphraseMatchesKeyWithoutIsBadPassphrase()
    {
        using var cert = CertFactory.Create(new CertSpec { KeyType = "p384" });
        var pfx = cert.Export(X509ContentType.Pkcs12, "s3cret");

        var opened = CertificateDecoder.Decode(pfx, ["s3cret"]);
        var closed = CertificateDecoder.Decode(pfx);

        Assert.Equal(Sha256(cert), Assert.Single(opened.Certificates).Info.FingerprintSha256);
        Assert.True(opened.KeyMatches(opened.Certificates[0].Info));
        Assert.Equal(ReasonCodes.BadPassphrase, Assert.Single(closed.Problems).Reason);
    }

    public static TheoryData<string, string> KeyForms => new()
    {
        { "rsa2048", "pkcs8" }, { "rsa2048", "pkcs1" }, { "p256", "pkcs8" }, { "p256", "sec1" },
    };

    [Theory]
    [MemberData(nameof(KeyForms))]
    public void Decode_CertificateWithItsOwnKey_KeyMatchesTrue(string keyType, string form)
    {
        using var cert = CertFactory.Create(new CertSpec { KeyType = keyType });
        var keyPem = form switch
        {
            "pkcs1" => cert.GetRSAPrivateKey()!.ExportRSAPrivateKeyPem(),
            "sec1" => cert.GetECDsaPrivateKey()!.ExportECPrivateKeyPem(),
            _ => CertFactory.KeyPem(cert),
        };

        // The layout of kubelet-client-current.pem: certificate then key, in one file.
        var result = Decode(CertFactory.CertPem(cert) + keyPem + "\n");

        Assert.True(result.KeyMatches(Assert.Single(result.Certificates).Info));
    }

    [Fact]
    public void Decode_CertificateWithAnotherKey_KeyMatchesFalse()
    {
        using var cert = CertFactory.Create(new CertSpec { KeyType = "p256" });
        using var other = CertFactory.Create(new CertSpec { KeyType = "p256" });

        var result = Decode(CertFactory.CertPem(cert) + CertFactory.KeyPem(other));

        Assert.False(result.KeyMatches(Assert.Single(result.Certificates).Info));
    }

    [Theory]
    [InlineData("rsa2048")]
    [InlineData("p256")]
    public void Decode_EncryptedPkcs8Key_MatchesOnlyWithPassphrase(string keyType)
    {
        using var cert = CertFactory.Create(new CertSpec { KeyType = keyType });
        var text = CertFactory.CertPem(cert) + CertFactory.EncryptedKeyPem(cert, "k3y-pass");

        var opened = Decode(text, "k3y-pass");
        var closed = Decode(text);

        Assert.True(opened.KeyMatches(opened.Certificates[0].Info));
        Assert.Null(closed.KeyMatches(closed.Certificates[0].Info));
        Assert.Contains("passphrase", Assert.Single(closed.Keys).Problem);
    }

    [Fact]
    public void Decode_CsrOnly_NoCertificateAndTheBlockNamed()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest("CN=csr", key, HashAlgorithmName.SHA256).CreateSigningRequestPem();

        var result = Decode(csr);

        Assert.Empty(result.Certificates);
        Assert.Empty(result.Problems);
        Assert.Equal(["CERTIFICATE REQUEST"], result.OtherBlocks);
        Assert.True(result.LooksLikeCertificateMaterial);
    }

    [Theory]
    [InlineData("ca-data.txt")]
    [InlineData("client-certificate-data.txt")]
    public void Decode_Base64OfPemTextFile_FindsTheCertificate(string dataFile)
    {
        var assets = RepoPaths.CorpusFile("kubeconfigs", "kubernetes-client-csharp-assets");
        var text = File.ReadAllBytes(Path.Combine(assets, dataFile));
        var inner = Convert.FromBase64String(Encoding.ASCII.GetString(text).Trim());

        var result = CertificateDecoder.Decode(text);

        Assert.NotEmpty(result.Certificates);
        Assert.Equal(CertificateDecoder.Decode(inner).Certificates.Select(c => c.Info.FingerprintSha256), result.Certificates.Select(c => c.Info.FingerprintSha256));
        using var dir = new TempDir();
        Assert.Equal(OpensslFingerprint(dir.File("decoded.pem", inner)), result.Certificates[0].Info.FingerprintSha256);
    }

    [Fact]
    public void Decode_PemInsideJsonStringWithEscapedNewlines_FindsCertificate()
    {
        using var cert = CertFactory.Create(new CertSpec { KeyType = "p256" });
        var json = "{\"data\": {\"ca.crt\": \"" + CertFactory.CertPem(cert).Replace("\n", "\\n").Replace("/", "\\/") + "\"}}";

        var result = Decode(json);

        Assert.Equal(Sha256(cert), Assert.Single(result.Certificates).Info.FingerprintSha256);
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void Decode_LimboJson_FindsEveryEmbeddedCertificate()
    {
        // Deliberate: PEM written inside JSON/YAML strings ("\n" escapes) is decoded, so `kubectl get -o json`
        // dumps and test suites like x509-limbo are scanned, not reported as no_certificate_found.
        var bytes = File.ReadAllBytes(RepoPaths.CorpusFile("x509-limbo", "limbo.json"));
        var blocks = CountOccurrences(bytes, "-----BEGIN CERTIFICATE-----"u8);

        var result = CertificateDecoder.Decode(bytes);

        Assert.True(blocks > 900, $"{blocks} blocks");
        Assert.Equal(blocks, result.Certificates.Count + result.Problems.Count(p => p.Reason == ReasonCodes.DecodeFailed));
        Assert.True(result.Certificates.Count >= blocks - 5, $"{result.Certificates.Count} of {blocks}");
    }

    private static int CountOccurrences(ReadOnlySpan<byte> data, ReadOnlySpan<byte> needle)
    {
        var n = 0;
        for (var i = data.IndexOf(needle); i >= 0; i = data.IndexOf(needle) is var j and >= 0 ? j : -1)
        {
            n++;
            data = data[(i + needle.Length)..];
        }
        return n;
    }

    [Fact]
    public void Decode_CertificateBlockWithBrokenBase64_BadPem()
    {
        using var cert = CertFactory.Create(new CertSpec { KeyType = "p256" });
        var pem = CertFactory.CertPem(cert);

        var result = Decode(pem + "-----BEGIN CERTIFICATE-----\nANONYMIZED\n-----END CERTIFICATE-----\n");

        Assert.Single(result.Certificates);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(ReasonCodes.BadPem, problem.Reason);
        Assert.Contains("#1", problem.Message);
    }

    [Fact]
    public void Decode_PemWithoutEndLine_BadPem()
    {
        var result = Decode("-----BEGIN CERTIFICATE-----\nMIIB\n");

        Assert.Equal(ReasonCodes.BadPem, Assert.Single(result.Problems).Reason);
    }

    [Fact]
    public void Decode_DerCrl_NoCertificateButCrlNamed()
    {
        var result = CertificateDecoder.Decode(File.ReadAllBytes(RepoPaths.CorpusFile("parsers", "pyca-cryptography-vectors-38.0.4", "x509", "custom", "crl_invalid_time.der")));

        Assert.Empty(result.Certificates);
        Assert.Empty(result.Problems);
        Assert.Equal(["X509 CRL (DER)"], result.OtherBlocks);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x30, 0x82, 0xFF })]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x00 })]
    public void Decode_Garbage_NeverThrowsAndFindsNothing(byte[] data)
    {
        var result = CertificateDecoder.Decode(data);

        Assert.Empty(result.Certificates);
    }

    [Fact]
    public void Interpret_FilesHoldingPrivateKeys_NeverPrintKeyMaterial()
    {
        using var dir = new TempDir();
        using var rsa = CertFactory.Create(new CertSpec { KeyType = "rsa2048" });
        using var ec = CertFactory.Create(new CertSpec { KeyType = "p256" });
        using var other = CertFactory.Create(new CertSpec { KeyType = "rsa2048" });
        var secrets = new[] { CertFactory.KeyBase64(rsa), CertFactory.KeyBase64(ec), CertFactory.KeyBase64(other) };
        var files = new[]
        {
            dir.File("combined.pem", CertFactory.CertPem(rsa) + CertFactory.KeyPem(rsa)),
            dir.File("mismatch.pem", CertFactory.CertPem(ec) + CertFactory.KeyPem(other)),
            dir.File("key-only.pem", CertFactory.KeyPem(ec)),
            dir.File("broken-key.pem", CertFactory.CertPem(rsa) + CertFactory.KeyPem(rsa)[..400] + "\n-----END PRIVATE KEY-----\n"),
            dir.File("encrypted.pem", CertFactory.CertPem(ec) + CertFactory.EncryptedKeyPem(ec, "pw")),
            dir.File("bundle.p12", rsa.Export(X509ContentType.Pkcs12, "pw")),
        };
        var sink = new CollectingSink();

        foreach (var f in files) FileInterpreter.Interpret(f, isExplicit: true, new ScanOptions(), sink);

        var printed = string.Join("\n", sink.Certificates.Select(c => c.ToString()).Concat(sink.Errors.Select(e => e.ToString())));
        Assert.NotEmpty(sink.Certificates);
        foreach (var secret in secrets)
        {
            // Any 24-character run of the key's base64 would be a leak; the PKCS#8 header is shared by all keys, so skip it.
            for (var i = 40; i + 24 <= secret.Length; i += 24) Assert.DoesNotContain(secret.Substring(i, 24), printed);
        }
    }
}
