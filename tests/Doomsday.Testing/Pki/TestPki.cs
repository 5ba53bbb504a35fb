using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Doomsday.Testing.Pki;

/// <summary>Certificates made in code (ECDSA P-256) with any dates; every one carries its private key.</summary>
internal static class TestPki
{
    public static X509Certificate2 CreateCa(string commonName, DateTimeOffset notBefore, DateTimeOffset notAfter, X509Certificate2? issuer = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return Sign(request, key, notBefore, notAfter, issuer);
    }

    /// <summary>A server certificate for <paramref name="dnsNames"/> (and 127.0.0.1); self-signed when <paramref name="issuer"/> is null.</summary>
    public static X509Certificate2 CreateServer(string commonName, IEnumerable<string> dnsNames, DateTimeOffset notBefore, DateTimeOffset notAfter, X509Certificate2? issuer = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var sans = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames) sans.AddDnsName(name);
        sans.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(sans.Build());
        return Sign(request, key, notBefore, notAfter, issuer);
    }

    public static string Sha256(X509Certificate2 certificate) => Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));

    public static string KeyPem(X509Certificate2 certificate)
    {
        using var ec = certificate.GetECDsaPrivateKey();
        if (ec is not null) return ec.ExportPkcs8PrivateKeyPem();
        using var rsa = certificate.GetRSAPrivateKey() ?? throw new ArgumentException("the certificate carries no private key", nameof(certificate));
        return rsa.ExportPkcs8PrivateKeyPem();
    }

    private static X509Certificate2 Sign(CertificateRequest request, ECDsa key, DateTimeOffset notBefore, DateTimeOffset notAfter, X509Certificate2? issuer)
    {
        if (issuer is null) return request.CreateSelfSigned(notBefore, notAfter);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        using var signed = request.Create(issuer, notBefore, notAfter, NewSerial());
        return signed.CopyWithPrivateKey(key);
    }

    /// <summary>16 random bytes, first byte 0x01-0x7F so the hex form has no sign padding.</summary>
    private static byte[] NewSerial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x01);
        return serial;
    }
}
