using System.Formats.Asn1;
using System.Security.Cryptography;
using Doomsday.Core.Certificates;

namespace Doomsday.Core.Formats;

/// <summary>
/// A comparable identity of a public key (hex SHA-256 of the RSA modulus or the EC point), so that a
/// certificate can be matched with a private key without keeping or printing the private key.
/// </summary>
public static class KeyIdentity
{
    public static string? FromSubjectPublicKeyInfo(ReadOnlyMemory<byte> spki)
    {
        try
        {
            var r = new AsnReader(spki, AsnEncodingRules.BER).ReadSequence();
            var alg = r.ReadSequence().ReadObjectIdentifier();
            var key = r.ReadBitString(out _);
            return alg switch
            {
                Oids.Rsa or Oids.RsaPss => Rsa(new AsnReader(key, AsnEncodingRules.BER).ReadSequence().ReadIntegerBytes().Span),
                Oids.Ec => Ec(key),
                Oids.Ed25519 or Oids.Ed448 => Hash("ed", key),
                _ => Hash(alg, key),
            };
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Derives the identity from an unencrypted private key in PKCS#8, PKCS#1 (RSA) or SEC1 (EC) form.</summary>
    public static (string Algorithm, string? Id, string? Problem) FromPrivateKey(ReadOnlySpan<byte> der, string pemLabel)
    {
        try
        {
            switch (pemLabel)
            {
                case "RSA PRIVATE KEY":
                    return ("RSA", RsaFromPkcs1(der), null);
                case "EC PRIVATE KEY":
                    return ("EC", EcFromSec1(der), null);
                default:
                    return FromPkcs8(der);
            }
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException)
        {
            return ("unknown", null, "private key could not be decoded");
        }
    }

    public static (string Algorithm, string? Id, string? Problem) FromPkcs8(ReadOnlySpan<byte> der)
    {
        var r = new AsnReader(der.ToArray(), AsnEncodingRules.BER).ReadSequence();
        r.ReadInteger();
        var algSeq = r.ReadSequence();
        var alg = algSeq.ReadObjectIdentifier();
        var inner = r.ReadOctetString();
        return alg switch
        {
            Oids.Rsa or Oids.RsaPss => ("RSA", RsaFromPkcs1(inner), null),
            Oids.Ec => ("EC", EcFromSec1(inner, der), null),
            Oids.Ed25519 => ("Ed25519", null, "Ed25519 keys cannot be matched on this platform"),
            Oids.Ed448 => ("Ed448", null, "Ed448 keys cannot be matched on this platform"),
            _ => (alg, null, "unsupported key algorithm"),
        };
    }

    private static string RsaFromPkcs1(ReadOnlySpan<byte> der)
    {
        var seq = new AsnReader(der.ToArray(), AsnEncodingRules.BER).ReadSequence();
        seq.ReadInteger(); // version
        return Rsa(seq.ReadIntegerBytes().Span);
    }

    private static string? EcFromSec1(ReadOnlySpan<byte> sec1, ReadOnlySpan<byte> pkcs8 = default)
    {
        var seq = new AsnReader(sec1.ToArray(), AsnEncodingRules.BER).ReadSequence();
        seq.ReadInteger();
        seq.ReadOctetString();
        var publicTag = new Asn1Tag(TagClass.ContextSpecific, 1);
        while (seq.HasData)
        {
            if (seq.PeekTag().HasSameClassAndValue(publicTag))
            {
                return Ec(seq.ReadSequence(publicTag).ReadBitString(out _));
            }
            seq.ReadEncodedValue();
        }
        // No public point stored with the key: let the platform derive it.
        using var ec = ECDsa.Create();
        if (pkcs8.IsEmpty) ec.ImportECPrivateKey(sec1, out _);
        else ec.ImportPkcs8PrivateKey(pkcs8, out _);
        var p = ec.ExportParameters(false);
        return Ec([0x04, .. p.Q.X!, .. p.Q.Y!]);
    }

    private static string Rsa(ReadOnlySpan<byte> modulus)
    {
        while (modulus.Length > 1 && modulus[0] == 0) modulus = modulus[1..];
        return Hash("rsa", modulus);
    }

    private static string? Ec(ReadOnlySpan<byte> point) => point.Length > 0 && point[0] == 0x04 ? Hash("ec", point) : Hash("ec-compressed", point);

    private static string Hash(string kind, ReadOnlySpan<byte> material) =>
        kind + ":" + Convert.ToHexStringLower(SHA256.HashData(material));
}
