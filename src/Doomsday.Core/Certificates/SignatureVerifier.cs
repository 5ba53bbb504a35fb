using System.Formats.Asn1;
using System.Security.Cryptography;

namespace Doomsday.Core.Certificates;

/// <summary>
/// Checks that a certificate's signature verifies with a would-be issuer's public key, straight
/// from the DER (no chain building, no trust store): the question doctor asks is "did this CA sign
/// this certificate", not "is it trusted".
/// </summary>
public static class SignatureVerifier
{
    /// <returns>true or false; null when the algorithm cannot be checked here (RSA-PSS parameters, EdDSA, DSA).</returns>
    public static bool? IsSignedBy(CertificateInfo certificate, CertificateInfo issuer)
    {
        try
        {
            var outer = new AsnReader(certificate.Der, AsnEncodingRules.BER).ReadSequence();
            var tbs = outer.ReadEncodedValue();
            var alg = outer.ReadSequence().ReadObjectIdentifier();
            var signature = outer.ReadBitString(out _);
            var spki = issuer.SubjectPublicKeyInfo.Span;
            switch (alg)
            {
                case "1.2.840.113549.1.1.4":
                case "1.2.840.113549.1.1.5":
                case "1.2.840.113549.1.1.11":
                case "1.2.840.113549.1.1.12":
                case "1.2.840.113549.1.1.13":
                case "1.2.840.113549.1.1.14":
                {
                    using var rsa = RSA.Create();
                    rsa.ImportSubjectPublicKeyInfo(spki, out _);
                    return rsa.VerifyData(tbs.Span, signature, Hash(alg), RSASignaturePadding.Pkcs1);
                }
                case "1.2.840.10045.4.1":
                case "1.2.840.10045.4.3.1":
                case "1.2.840.10045.4.3.2":
                case "1.2.840.10045.4.3.3":
                case "1.2.840.10045.4.3.4":
                {
                    using var ec = ECDsa.Create();
                    ec.ImportSubjectPublicKeyInfo(spki, out _);
                    return ec.VerifyData(tbs.Span, signature, Hash(alg), DSASignatureFormat.Rfc3279DerSequence);
                }
                default:
                    return null;
            }
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException)
        {
            // A key of another type than the signature (an EC CA "signing" with RSA) cannot have signed it.
            return false;
        }
    }

    private static HashAlgorithmName Hash(string oid) => oid switch
    {
        "1.2.840.113549.1.1.4" => HashAlgorithmName.MD5,
        "1.2.840.113549.1.1.5" or "1.2.840.10045.4.1" => HashAlgorithmName.SHA1,
        "1.2.840.113549.1.1.14" or "1.2.840.10045.4.3.1" => new HashAlgorithmName("SHA224"),
        "1.2.840.113549.1.1.12" or "1.2.840.10045.4.3.3" => HashAlgorithmName.SHA384,
        "1.2.840.113549.1.1.13" or "1.2.840.10045.4.3.4" => HashAlgorithmName.SHA512,
        _ => HashAlgorithmName.SHA256,
    };
}
