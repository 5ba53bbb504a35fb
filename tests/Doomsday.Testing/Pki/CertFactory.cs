using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Doomsday.Testing.Pki;

/// <summary>What a generated certificate should carry. Every field has a plain default.</summary>
internal sealed record CertSpec
{
    public string Subject { get; init; } = "CN=test.example";
    public string KeyType { get; init; } = "rsa2048"; // rsa2048, rsa4096, p256, p384
    public DateTimeOffset NotBefore { get; init; } = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public DateTimeOffset NotAfter { get; init; } = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public byte[]? Serial { get; init; }
    public IReadOnlyList<string> Dns { get; init; } = [];
    public IReadOnlyList<IPAddress> Ips { get; init; } = [];
    public IReadOnlyList<Uri> Uris { get; init; } = [];
    public IReadOnlyList<string> Emails { get; init; } = [];
    public X509KeyUsageFlags? KeyUsage { get; init; }
    public IReadOnlyList<string> Eku { get; init; } = [];
    public bool? IsCa { get; init; }
    public int? PathLength { get; init; }
    public bool SubjectKeyId { get; init; } = true;
}

/// <summary>Generates real certificates with <see cref="CertificateRequest"/>, self-signed or issued by another.</summary>
internal static class CertFactory
{
    public static AsymmetricAlgorithm NewKey(string keyType) => keyType switch
    {
        "rsa2048" => RSA.Create(2048),
        "rsa4096" => RSA.Create(4096),
        "p256" => ECDsa.Create(ECCurve.NamedCurves.nistP256),
        "p384" => ECDsa.Create(ECCurve.NamedCurves.nistP384),
        _ => throw new ArgumentException(keyType),
    };

    /// <summary>A certificate with its private key attached (ephemeral, never written to disk by this class).</summary>
    public static X509Certificate2 Create(CertSpec spec, X509Certificate2? issuer = null)
    {
        using var key = NewKey(spec.KeyType);
        var req = key switch
        {
            RSA rsa => new CertificateRequest(spec.Subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            ECDsa ec => new CertificateRequest(spec.Subject, ec, HashAlgorithmName.SHA256),
            _ => throw new InvalidOperationException(),
        };
        if (spec.Dns.Count + spec.Ips.Count + spec.Uris.Count + spec.Emails.Count > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var d in spec.Dns) san.AddDnsName(d);
            foreach (var ip in spec.Ips) san.AddIpAddress(ip);
            foreach (var u in spec.Uris) san.AddUri(u);
            foreach (var e in spec.Emails) san.AddEmailAddress(e);
            req.CertificateExtensions.Add(san.Build());
        }
        if (spec.KeyUsage is { } ku) req.CertificateExtensions.Add(new X509KeyUsageExtension(ku, critical: true));
        if (spec.Eku.Count > 0)
        {
            var oids = new OidCollection();
            foreach (var o in spec.Eku) oids.Add(new Oid(o));
            req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, critical: false));
        }
        if (spec.IsCa is { } ca)
        {
            req.CertificateExtensions.Add(new X509BasicConstraintsExtension(ca, spec.PathLength is not null, spec.PathLength ?? 0, critical: true));
        }
        if (spec.SubjectKeyId) req.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(req.PublicKey, critical: false));

        if (issuer is null)
        {
            if (spec.SubjectKeyId)
            {
                var ski = new X509SubjectKeyIdentifierExtension(req.PublicKey, critical: false);
                req.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(ski));
            }
            return spec.Serial is null
                ? req.CreateSelfSigned(spec.NotBefore, spec.NotAfter)
                : WithKey(req.Create(req.SubjectName, SelfGenerator(key), spec.NotBefore, spec.NotAfter, spec.Serial), key);
        }
        req.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var serial = spec.Serial ?? RandomNumberGenerator.GetBytes(16).Select((b, i) => i == 0 ? (byte)(b & 0x7F | 0x01) : b).ToArray();
        using var issuerKey = (AsymmetricAlgorithm?)issuer.GetRSAPrivateKey() ?? issuer.GetECDsaPrivateKey()
            ?? throw new ArgumentException("issuer has no private key");
        using var issued = req.Create(issuer.SubjectName, SelfGenerator(issuerKey), spec.NotBefore, spec.NotAfter, serial);
        return WithKey(issued, key);
    }

    private static X509SignatureGenerator SelfGenerator(AsymmetricAlgorithm key) => key switch
    {
        RSA rsa => X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1),
        ECDsa ec => X509SignatureGenerator.CreateForECDsa(ec),
        _ => throw new InvalidOperationException(),
    };

    private static X509Certificate2 WithKey(X509Certificate2 cert, AsymmetricAlgorithm key) => key switch
    {
        RSA rsa => cert.CopyWithPrivateKey(rsa),
        ECDsa ec => cert.CopyWithPrivateKey(ec),
        _ => throw new InvalidOperationException(),
    };

    public static string CertPem(X509Certificate2 cert) => cert.ExportCertificatePem() + "\n";

    /// <summary>The unencrypted PKCS#8 PEM of the certificate's private key.</summary>
    public static string KeyPem(X509Certificate2 cert)
    {
        using var rsa = cert.GetRSAPrivateKey();
        if (rsa is not null) return rsa.ExportPkcs8PrivateKeyPem() + "\n";
        using var ec = cert.GetECDsaPrivateKey();
        return ec!.ExportPkcs8PrivateKeyPem() + "\n";
    }

    /// <summary>The private key as bare base64 of its PKCS#8 DER: the string that must never show in output.</summary>
    public static string KeyBase64(X509Certificate2 cert)
    {
        using var rsa = cert.GetRSAPrivateKey();
        if (rsa is not null) return Convert.ToBase64String(rsa.ExportPkcs8PrivateKey());
        using var ec = cert.GetECDsaPrivateKey();
        return Convert.ToBase64String(ec!.ExportPkcs8PrivateKey());
    }

    public static string EncryptedKeyPem(X509Certificate2 cert, string password)
    {
        var pbe = new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 2048);
        using var rsa = cert.GetRSAPrivateKey();
        if (rsa is not null) return rsa.ExportEncryptedPkcs8PrivateKeyPem(password, pbe) + "\n";
        using var ec = cert.GetECDsaPrivateKey();
        return ec!.ExportEncryptedPkcs8PrivateKeyPem(password, pbe) + "\n";
    }
}
