using System.Net;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Doomsday.Core.Certificates;
using Doomsday.Core.Formats;
using Doomsday.Core.Tests.Support;

namespace Doomsday.Core.Tests.Certificates;

public sealed class DerCertificateParserTests
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    private static CertificateInfo Parse(byte[] der)
    {
        Assert.True(DerCertificateParser.TryParse(der, out var info, out var error), error);
        return info!;
    }

    /// <summary>Every field against what the platform's own X.509 reader says about the same bytes.</summary>
    private static void AssertMatchesPlatform(X509Certificate2 cert, CertificateInfo info)
    {
        Assert.Equal(cert.Version, info.Version);
        Assert.Equal(cert.Subject.Replace(", ", ","), info.Subject);
        Assert.Equal(cert.Issuer.Replace(", ", ","), info.Issuer);
        Assert.Equal(NullIfEmpty(cert.GetNameInfo(X509NameType.SimpleName, forIssuer: false)), info.SubjectCommonName);
        Assert.Equal(NullIfEmpty(cert.GetNameInfo(X509NameType.SimpleName, forIssuer: true)), info.IssuerCommonName);
        Assert.Equal(new BigInteger(cert.SerialNumberBytes.Span, isUnsigned: false, isBigEndian: true), ParseSerial(info.SerialNumber));
        Assert.Equal(cert.GetCertHashString(HashAlgorithmName.SHA256).ToLowerInvariant(), info.FingerprintSha256);
        Assert.Equal(new DateTimeOffset(cert.NotBefore.ToUniversalTime()), info.NotBefore);
        Assert.Equal(new DateTimeOffset(cert.NotAfter.ToUniversalTime()), info.NotAfter);
        Assert.Equal(cert.RawData, info.Der.ToArray());
        Assert.Equal(cert.PublicKey.ExportSubjectPublicKeyInfo(), info.SubjectPublicKeyInfo.ToArray());
        Assert.Equal(cert.SubjectName.RawData.AsSpan().SequenceEqual(cert.IssuerName.RawData), info.SelfIssued);

        var san = cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().SingleOrDefault();
        Assert.Equal(san?.EnumerateDnsNames().ToList() ?? [], info.Sans.Dns);
        Assert.Equal(san?.EnumerateIPAddresses().Select(i => i.ToString()).ToList() ?? [], info.Sans.Ip);

        var bc = cert.Extensions.OfType<X509BasicConstraintsExtension>().SingleOrDefault();
        Assert.Equal(bc?.CertificateAuthority ?? false, info.IsCa);
        Assert.Equal(bc is { HasPathLengthConstraint: true } ? bc.PathLengthConstraint : null, info.PathLength);

        var ku = cert.Extensions.OfType<X509KeyUsageExtension>().SingleOrDefault();
        Assert.Equal(ku is null ? [] : KeyUsageNames(ku.KeyUsages), info.KeyUsage);
        var eku = cert.Extensions.OfType<X509EnhancedKeyUsageExtension>().SingleOrDefault();
        Assert.Equal(eku?.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value switch
        {
            ServerAuth => "serverAuth",
            ClientAuth => "clientAuth",
            var v => v!,
        }).ToList() ?? [], info.ExtendedKeyUsage);

        var ski = cert.Extensions.OfType<X509SubjectKeyIdentifierExtension>().SingleOrDefault();
        Assert.Equal(ski?.SubjectKeyIdentifier?.ToLowerInvariant(), info.SubjectKeyId);
        var aki = cert.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().SingleOrDefault();
        Assert.Equal(aki?.KeyIdentifier is { } k ? Convert.ToHexStringLower(k.Span) : null, info.AuthorityKeyId);

        using var rsa = cert.GetRSAPublicKey();
        using var ec = cert.GetECDsaPublicKey();
        if (rsa is not null)
        {
            Assert.Equal("RSA", info.PublicKeyAlgorithm);
            Assert.Equal(rsa.KeySize, info.PublicKeySize);
        }
        else if (ec is not null)
        {
            Assert.Equal("EC", info.PublicKeyAlgorithm);
            Assert.Equal(ec.KeySize, info.PublicKeySize);
        }
        Assert.Equal(cert.SignatureAlgorithm.Value switch
        {
            "1.2.840.113549.1.1.11" => "sha256WithRSAEncryption",
            "1.2.840.10045.4.3.2" => "ecdsa-with-SHA256",
            "1.2.840.10045.4.3.3" => "ecdsa-with-SHA384",
            var v => v!,
        }, info.SignatureAlgorithm);
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    private static BigInteger ParseSerial(string hex) =>
        hex.StartsWith('-')
            ? -BigInteger.Parse("0" + hex[1..], System.Globalization.NumberStyles.HexNumber)
            : BigInteger.Parse("0" + hex, System.Globalization.NumberStyles.HexNumber);

    private static List<string> KeyUsageNames(X509KeyUsageFlags flags)
    {
        var order = new (X509KeyUsageFlags Flag, string Name)[]
        {
            (X509KeyUsageFlags.DigitalSignature, "digitalSignature"), (X509KeyUsageFlags.NonRepudiation, "nonRepudiation"),
            (X509KeyUsageFlags.KeyEncipherment, "keyEncipherment"), (X509KeyUsageFlags.DataEncipherment, "dataEncipherment"),
            (X509KeyUsageFlags.KeyAgreement, "keyAgreement"), (X509KeyUsageFlags.KeyCertSign, "keyCertSign"),
            (X509KeyUsageFlags.CrlSign, "cRLSign"), (X509KeyUsageFlags.EncipherOnly, "encipherOnly"),
            (X509KeyUsageFlags.DecipherOnly, "decipherOnly"),
        };
        return order.Where(o => flags.HasFlag(o.Flag)).Select(o => o.Name).ToList();
    }

    [Theory]
    [InlineData("rsa2048", 2048)]
    [InlineData("rsa4096", 4096)]
    [InlineData("p256", 256)]
    [InlineData("p384", 384)]
    public void TryParse_GeneratedLeafOfEachKeyType_MatchesPlatform(string keyType, int bits)
    {
        using var ca = CertFactory.Create(new CertSpec { Subject = "CN=Test Root,O=Doomsday,C=DE", KeyType = "p256", IsCa = true, PathLength = 1,
            KeyUsage = X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign });
        using var leaf = CertFactory.Create(new CertSpec
        {
            Subject = "CN=leaf.example,OU=Ops,O=Doomsday",
            KeyType = keyType,
            Dns = ["leaf.example", "*.leaf.example"],
            Ips = [IPAddress.Parse("10.96.0.1"), IPAddress.Parse("2001:db8::1"), IPAddress.IPv6Loopback],
            Uris = [new Uri("spiffe://cluster.local/ns/default/sa/web")],
            Emails = ["ops@leaf.example"],
            KeyUsage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment,
            Eku = [ServerAuth, ClientAuth],
            IsCa = false,
        }, ca);

        var info = Parse(leaf.RawData);

        AssertMatchesPlatform(leaf, info);
        Assert.Equal(bits, info.PublicKeySize);
        Assert.Equal(["leaf.example", "*.leaf.example"], info.Sans.Dns);
        Assert.Equal(["10.96.0.1", "2001:db8::1", "::1"], info.Sans.Ip);
        Assert.Equal(["spiffe://cluster.local/ns/default/sa/web"], info.Sans.Uri);
        Assert.Equal(["ops@leaf.example"], info.Sans.Email);
        Assert.Equal(["serverAuth", "clientAuth"], info.ExtendedKeyUsage);
        Assert.Equal("leaf.example", info.SubjectCommonName);
        Assert.Equal("Test Root", info.IssuerCommonName);
        Assert.Equal("CN=leaf.example,OU=Ops,O=Doomsday", info.Subject);
        Assert.False(info.SelfIssued);
        Assert.False(info.IsCa);
        Assert.Equal(Parse(ca.RawData).SubjectKeyId, info.AuthorityKeyId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    [InlineData(3)]
    public void TryParse_CaCertificate_ReportsCaAndPathLength(int? pathLength)
    {
        using var ca = CertFactory.Create(new CertSpec { Subject = "CN=ca", IsCa = true, PathLength = pathLength,
            KeyUsage = X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature });

        var info = Parse(ca.RawData);

        AssertMatchesPlatform(ca, info);
        Assert.True(info.IsCa);
        Assert.Equal(pathLength, info.PathLength);
        Assert.True(info.SelfIssued);
        Assert.Equal(["digitalSignature", "keyCertSign", "cRLSign"], info.KeyUsage);
        Assert.NotNull(info.SubjectKeyId);
        Assert.Equal(info.SubjectKeyId, info.AuthorityKeyId);
    }

    [Fact]
    public void TryParse_NoExtensions_LeavesOptionalFieldsEmpty()
    {
        using var cert = CertFactory.Create(new CertSpec { SubjectKeyId = false });

        var info = Parse(cert.RawData);

        AssertMatchesPlatform(cert, info);
        Assert.True(info.Sans.IsEmpty);
        Assert.Empty(info.KeyUsage);
        Assert.Empty(info.ExtendedKeyUsage);
        Assert.Null(info.SubjectKeyId);
        Assert.Null(info.AuthorityKeyId);
        Assert.Null(info.PathLength);
    }

    [Theory]
    [InlineData("1950-01-01T00:00:00Z", "2049-12-31T23:59:59Z")] // both UTCTime: the 1950..2049 window edges
    [InlineData("2024-01-01T00:00:00Z", "2050-01-01T00:00:00Z")] // notAfter is GeneralizedTime from 2050 on
    [InlineData("2051-06-01T12:00:00Z", "9999-12-31T23:59:59Z")] // both GeneralizedTime, RFC 5280's "no expiry" date
    public void TryParse_UtcAndGeneralizedTimes_ReadsExactInstants(string notBefore, string notAfter)
    {
        var nb = DateTimeOffset.Parse(notBefore, System.Globalization.CultureInfo.InvariantCulture);
        var na = DateTimeOffset.Parse(notAfter, System.Globalization.CultureInfo.InvariantCulture);
        using var cert = CertFactory.Create(new CertSpec { NotBefore = nb, NotAfter = na });

        var info = Parse(cert.RawData);

        Assert.Equal(nb, info.NotBefore);
        Assert.Equal(na, info.NotAfter);
        AssertMatchesPlatform(cert, info);
    }

    [Theory]
    [InlineData(new byte[] { 0x00 }, "00")]
    [InlineData(new byte[] { 0x00, 0x80, 0x01 }, "8001")]
    [InlineData(new byte[] { 0x7F, 0xFF }, "7FFF")]
    [InlineData(new byte[] { 0xFB, 0xCE, 0x99, 0x6C, 0x13 }, "-04316693ED")]
    public void FormatSerial_ContentOctets_PrintsLikeOpenssl(byte[] content, string expected) =>
        Assert.Equal(expected, DerCertificateParser.FormatSerial(content));

    [Theory]
    [InlineData("parsers/pyca-cryptography-vectors-38.0.4/x509/custom/negative_serial.pem")]
    [InlineData("parsers/zlint-testdata/serialNumberNegative.pem")]
    [InlineData("parsers/zlint-testdata/serialNumberZero.pem")]
    [InlineData("parsers/zlint-testdata/serialNumberLarge.pem")]
    [InlineData("parsers/zlint-testdata/generalizedAfter2050.pem")]
    [InlineData("parsers/zlint-testdata/generalizedPrior2050.pem")]
    [InlineData("parsers/zlint-testdata/utcHasSeconds.pem")]
    [InlineData("parsers/zlint-testdata/validityNegative.pem")]
    [InlineData("parsers/pyca-cryptography-vectors-38.0.4/x509/v1_cert.pem")]
    [InlineData("parsers/pyca-cryptography-vectors-38.0.4/x509/custom/post2000utctime.pem")]
    public void TryParse_CorpusEdgeCases_AgreesWithOpensslOnSerialAndDates(string relative)
    {
        var file = RepoPaths.CorpusFile(relative.Split('/'));
        var openssl = Openssl.Run("x509", "-in", file, "-noout", "-serial", "-startdate", "-enddate", "-fingerprint", "-sha256");

        var decoded = CertificateDecoder.Decode(File.ReadAllBytes(file));

        var info = Assert.Single(decoded.Certificates).Info;
        Assert.Equal(Openssl.Field(openssl, "serial"), info.SerialNumber);
        Assert.Equal(OpensslDate(Openssl.Field(openssl, "notBefore")), info.NotBefore);
        Assert.Equal(OpensslDate(Openssl.Field(openssl, "notAfter")), info.NotAfter);
        Assert.Equal(Openssl.Field(openssl, "sha256 Fingerprint").Replace(":", "").ToLowerInvariant(), info.FingerprintSha256);
    }

    private static DateTimeOffset OpensslDate(string s) =>
        DateTimeOffset.ParseExact(System.Text.RegularExpressions.Regex.Replace(s, " +", " "), "MMM d HH:mm:ss yyyy 'GMT'",
            System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);

    [Fact]
    public void TryParse_Ed25519CertificateMadeByOpenssl_ReportsEd25519()
    {
        using var dir = new TempDir();
        var key = dir.Combine("ed.key");
        var crt = dir.Combine("ed.der");
        Openssl.Run("genpkey", "-algorithm", "ed25519", "-out", key);
        Openssl.Run("req", "-x509", "-new", "-key", key, "-subj", "/CN=ed25519.example/O=Doomsday", "-days", "30", "-outform", "DER", "-out", crt,
            "-addext", "subjectAltName=DNS:ed25519.example,IP:fe80::1");
        var der = File.ReadAllBytes(crt);

        var info = Parse(der);

        using var cert = X509CertificateLoader.LoadCertificate(der);
        Assert.Equal("Ed25519", info.PublicKeyAlgorithm);
        Assert.Equal(256, info.PublicKeySize);
        Assert.Equal("ED25519", info.SignatureAlgorithm);
        Assert.Equal("1.3.101.112", cert.PublicKey.Oid.Value);
        Assert.Equal(["fe80::1"], info.Sans.Ip);
        Assert.Equal(new DateTimeOffset(cert.NotAfter.ToUniversalTime()), info.NotAfter);
        Assert.Equal("CN=ed25519.example,O=Doomsday".Split(',').Reverse(), info.Subject.Split(','));
        Assert.True(info.SelfIssued);
    }

    [Fact]
    public void TryParse_EveryCertificateInCorpus_AgreesWithPlatformWhereItLoads()
    {
        var compared = 0;
        foreach (var file in Directory.EnumerateFiles(RepoPaths.Corpus, "*", SearchOption.AllDirectories))
        {
            foreach (var found in CertificateDecoder.Decode(File.ReadAllBytes(file)).Certificates)
            {
                (DateTimeOffset NotBefore, DateTimeOffset NotAfter, string Sha256, BigInteger Serial, int Version) platform;
                try
                {
                    using var cert = X509CertificateLoader.LoadCertificate(found.Info.Der.Span);
                    platform = (new DateTimeOffset(cert.NotBefore.ToUniversalTime()), new DateTimeOffset(cert.NotAfter.ToUniversalTime()),
                        cert.GetCertHashString(HashAlgorithmName.SHA256).ToLowerInvariant(),
                        new BigInteger(cert.SerialNumberBytes.Span, isUnsigned: false, isBigEndian: true), cert.Version);
                }
                catch (CryptographicException)
                {
                    continue; // the platform refuses some broken vectors that this parser tolerates on purpose
                }
                var info = found.Info;
                var where = $"{file} #{found.Index}";
                Assert.True(platform.NotAfter == info.NotAfter, where);
                Assert.True(platform.NotBefore == info.NotBefore, where);
                Assert.True(platform.Sha256 == info.FingerprintSha256, where);
                Assert.True(platform.Serial == ParseSerial(info.SerialNumber), where);
                Assert.True(platform.Version == info.Version, where);
                compared++;
            }
        }
        Assert.True(compared > 1500, $"only {compared} corpus certificates compared");
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x30 })]
    [InlineData(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x01 })]
    [InlineData(new byte[] { 0x04, 0x02, 0x30, 0x00 })]
    public void TryParse_Garbage_ReturnsFalseWithError(byte[] der)
    {
        Assert.False(DerCertificateParser.TryParse(der, out var info, out var error));
        Assert.Null(info);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void TryParse_T61StringInName_ReadsNameInsteadOfFailing()
    {
        // evValidTooLong.pem names its jurisdiction in a T61String; this used to throw ArgumentException.
        var file = RepoPaths.CorpusFile("parsers", "zlint-testdata", "evValidTooLong.pem");

        var info = Assert.Single(CertificateDecoder.Decode(File.ReadAllBytes(file)).Certificates).Info;

        Assert.Equal("gw.s-pushtan-li01.de", info.SubjectCommonName);
        Assert.Contains("Frankfurt am Main", info.Subject);
    }

    [Theory]
    [InlineData("authorityKeyId_subjectKeyId_keyid_tag_len_malformed.crt.der", "PolarSSL Test CA")]
    [InlineData("authorityKeyId_subjectKeyId_sequence_tag_malformed.crt.der", "PolarSSL Test CA")]
    [InlineData("server5-tricky-ip-san-malformed-len.crt.der", "Mbed TLS Tricky IP SAN")]
    public void TryParse_MalformedExtensionValue_KeepsCertificate(string name, string commonName)
    {
        // openssl reads these (it prints the broken extension raw); only that extension is lost.
        var der = File.ReadAllBytes(RepoPaths.CorpusFile("parsers", "mbedtls-data_files", name));

        var info = Parse(der);

        Assert.Equal(commonName, info.SubjectCommonName);
        Assert.True(info.NotAfter > info.NotBefore);
    }
}
