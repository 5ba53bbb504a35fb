using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Doomsday.Cli.Tests.Support;

/// <summary>Self-signed certificates with any dates, written as PEM files for the CLI to find.</summary>
internal static class TestCertificates
{
    public static string WritePem(string path, string commonName, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + commonName, key, HashAlgorithmName.SHA256);
        using var cert = request.CreateSelfSigned(notBefore, notAfter);
        File.WriteAllText(path, cert.ExportCertificatePem() + "\n");
        return path;
    }
}
