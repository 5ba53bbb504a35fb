using System.Net;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Doomsday.Testing.Pki;

/// <summary>
/// The pair kube-controller-manager and kube-scheduler make in memory at start when they have no
/// <c>--tls-cert-file</c> (kubeadm gives them none): client-go's <c>cert.GenerateSelfSignedCertKey</c>
/// (staging/src/k8s.io/client-go/util/cert/cert.go) called with host "localhost" and 127.0.0.1 by
/// <c>SecureServingOptions.MaybeDefaultWithSelfSignedCerts</c>. RSA-2048 keys; a CA
/// <c>localhost-ca@UNIX</c> (serial 1) signs a leaf <c>localhost@UNIX</c> (serial 2, serverAuth,
/// DNS:localhost, IP:127.0.0.1); both valid from an hour before until a year after that hour.
/// </summary>
internal static class ClientGoSelfSigned
{
    /// <returns>The leaf with its private key, and the CA that signed it (the chain the component sends).</returns>
    public static (X509Certificate2 Leaf, X509Certificate2 Ca) Create(DateTimeOffset madeAt, string host = "localhost")
    {
        var unix = madeAt.ToUnixTimeSeconds();
        var validFrom = madeAt.AddHours(-1);
        var validTo = validFrom.AddDays(365);
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest($"CN={host}-ca@{unix}", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, true));
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var ca = caRequest.Create(caRequest.SubjectName, X509SignatureGenerator.CreateForRSA(caKey, RSASignaturePadding.Pkcs1), validFrom, validTo,
            BigInteger.One.ToByteArray(isUnsigned: true, isBigEndian: true));

        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={host}@{unix}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(
            ca.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single()));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(host);
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var leaf = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForRSA(caKey, RSASignaturePadding.Pkcs1), validFrom, validTo,
            new BigInteger(2).ToByteArray(isUnsigned: true, isBigEndian: true));
        return (leaf.CopyWithPrivateKey(key), ca);
    }
}
