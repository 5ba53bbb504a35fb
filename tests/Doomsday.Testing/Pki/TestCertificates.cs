using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Doomsday.Core.Certificates;
using Doomsday.Core.Inventory;

namespace Doomsday.Testing.Pki;

/// <summary>
/// Certificates generated in code with any dates: parsed by the production parser (<c>Create</c>,
/// <see cref="Expiring"/>) or written as PEM files for the CLI to find (<see cref="WritePem"/>).
/// </summary>
internal static class TestCertificates
{
    /// <summary>A self-signed ECDSA P-256 certificate; <paramref name="serial"/> big-endian, random when null.</summary>
    public static CertificateInfo Create(
        string subject, DateTimeOffset notBefore, DateTimeOffset notAfter, byte[]? serial = null)
        => Create(new X500DistinguishedName(subject), notBefore, notAfter, serial);

    public static CertificateInfo Create(
        X500DistinguishedName subject, DateTimeOffset notBefore, DateTimeOffset notAfter, byte[]? serial = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        serial ??= RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // positive
        if (serial[0] == 0 && serial.Length > 1) serial[0] = 1;
        using var cert = request.Create(subject, X509SignatureGenerator.CreateForECDsa(key), notBefore, notAfter, serial);
        if (!DerCertificateParser.TryParse(cert.RawData, out var info, out var error))
        {
            throw new InvalidOperationException("generated certificate did not parse: " + error);
        }
        return info!;
    }

    /// <summary>A certificate valid from <paramref name="now"/> minus a year until <paramref name="now"/> plus <paramref name="left"/>.</summary>
    public static FoundCertificate Expiring(string cn, DateTimeOffset now, TimeSpan left, SourceRef? source = null)
    {
        var info = Create("CN=" + cn, now.AddDays(-365), now + left);
        return new FoundCertificate(info, source ?? new FileSourceRef($"/etc/test/{cn}.crt"));
    }

    /// <summary>A self-signed ECDSA P-256 certificate <c>CN=<paramref name="commonName"/></c> written to <paramref name="path"/> as PEM; returns the path.</summary>
    public static string WritePem(string path, string commonName, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + commonName, key, HashAlgorithmName.SHA256);
        using var cert = request.CreateSelfSigned(notBefore, notAfter);
        File.WriteAllText(path, cert.ExportCertificatePem() + "\n");
        return path;
    }
}
