using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Doomsday.Daemon.Tests.Support;

/// <summary>
/// A CA, an etcd serving certificate and a client certificate (clientAuth, which etcd's
/// <c>--client-cert-auth</c> demands) made in code, the client side written as PEM files for a probe's <c>tls:</c>.
/// </summary>
internal sealed class EtcdTlsFiles : IDisposable
{
    public X509Certificate2 Ca { get; }
    public X509Certificate2 Serving { get; }
    public string CaFile { get; }
    public string CertFile { get; }
    public string KeyFile { get; }

    public EtcdTlsFiles(TempDir dir)
    {
        var now = DateTimeOffset.UtcNow;
        Ca = TestPki.CreateCa("etcd-ca", now.AddDays(-1), now.AddDays(365));
        Serving = TestPki.CreateServer("etcd", ["localhost"], now.AddDays(-1), now.AddDays(365), Ca);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=doomsday-healthcheck", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Ca, true, false));
        using var client = request.Create(Ca, now.AddDays(-1), now.AddDays(365), RandomNumberGenerator.GetBytes(8));
        CaFile = dir.File("tls/ca.crt", Ca.ExportCertificatePem() + "\n");
        CertFile = dir.File("tls/client.crt", client.ExportCertificatePem() + "\n");
        KeyFile = dir.File("tls/client.key", key.ExportPkcs8PrivateKeyPem() + "\n");
    }

    public void Dispose()
    {
        Serving.Dispose();
        Ca.Dispose();
    }
}
