using System.Formats.Asn1;
using System.Net;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace Doomsday.Core.Certificates;

/// <summary>
/// Reads the fields Doomsday needs straight from the DER with <see cref="AsnReader"/>, without
/// building an <c>X509Certificate2</c> (several times faster, and it tolerates certificates the
/// platform refuses). Strict DER first; BER as a fallback for the sloppy encoders found in the wild.
/// </summary>
public static class DerCertificateParser
{
    public static bool TryParse(ReadOnlyMemory<byte> der, out CertificateInfo? info, out string? error)
    {
        try
        {
            info = Parse(der, AsnEncodingRules.DER);
            error = null;
            return true;
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException or ArgumentException or FormatException or OverflowException or InvalidOperationException)
        {
            try
            {
                info = Parse(der, AsnEncodingRules.BER);
                error = null;
                return true;
            }
            catch (Exception e2) when (e2 is AsnContentException or CryptographicException or ArgumentException or FormatException or OverflowException or InvalidOperationException)
            {
                info = null;
                // The BER attempt is the more lenient one, so its complaint is the real reason.
                error = e2.Message;
                return false;
            }
        }
    }

    private static CertificateInfo Parse(ReadOnlyMemory<byte> der, AsnEncodingRules rules)
    {
        var outer = new AsnReader(der, rules);
        var encodedLength = outer.PeekEncodedValue().Length;
        var cert = outer.ReadSequence();
        var tbs = cert.ReadSequence();
        var sigAlg = cert.ReadSequence();
        var signatureOid = sigAlg.ReadObjectIdentifier();

        var version = 1;
        if (tbs.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
        {
            var v = tbs.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0));
            version = (int)v.ReadInteger() + 1;
        }
        var serialBytes = tbs.ReadIntegerBytes();
        tbs.ReadSequence(); // inner signature algorithm, duplicated by the outer one
        var issuerDer = tbs.ReadEncodedValue();
        var validity = tbs.ReadSequence();
        var notBefore = ReadTime(validity);
        var notAfter = ReadTime(validity);
        var subjectDer = tbs.ReadEncodedValue();
        var spkiDer = tbs.ReadEncodedValue();

        string keyAlg;
        int keySize;
        try
        {
            (keyAlg, keySize) = DescribeKey(spkiDer, rules);
        }
        catch (Exception e) when (e is AsnContentException or ArgumentException or OverflowException)
        {
            // A broken public key (x509-limbo "invalid-issuer-key") still leaves the dates readable.
            keyAlg = KeyAlgorithmName(spkiDer, rules);
            keySize = 0;
        }

        var sans = SubjectAlternativeNames.None;
        IReadOnlyList<string> keyUsage = [];
        IReadOnlyList<string> eku = [];
        var isCa = false;
        int? pathLen = null;
        string? ski = null, aki = null;

        while (tbs.HasData)
        {
            var tag = tbs.PeekTag();
            if (tag.HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 3)))
            {
                var extsWrapper = tbs.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 3));
                var exts = extsWrapper.ReadSequence();
                while (exts.HasData)
                {
                    var ext = exts.ReadSequence();
                    var oid = ext.ReadObjectIdentifier();
                    if (ext.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean)) ext.ReadBoolean();
                    // The value in place (DER is always primitive); a copy only for constructed BER.
                    ReadOnlyMemory<byte> value = ext.TryReadPrimitiveOctetString(out var inPlace) ? inPlace : ext.ReadOctetString();
                    // A malformed extension value costs only that field: openssl still shows such
                    // certificates (mbedtls' malformed AKI/SAN vectors), and their dates are what matter here.
                    try
                    {
                        switch (oid)
                        {
                            case Oids.SubjectAltName: sans = ReadSans(value, rules); break;
                            case Oids.BasicConstraints: (isCa, pathLen) = ReadBasicConstraints(value, rules); break;
                            case Oids.KeyUsage: keyUsage = ReadKeyUsage(value, rules); break;
                            case Oids.ExtendedKeyUsage: eku = ReadEku(value, rules); break;
                            case Oids.SubjectKeyIdentifier: ski = ReadSki(value, rules); break;
                            case Oids.AuthorityKeyIdentifier: aki = ReadAki(value, rules); break;
                        }
                    }
                    catch (Exception e) when (e is AsnContentException or ArgumentException or FormatException or OverflowException)
                    {
                    }
                }
            }
            else
            {
                tbs.ReadEncodedValue(); // issuerUniqueID / subjectUniqueID
            }
        }

        var (subject, subjectCn) = DistinguishedNames.Format(subjectDer, rules);
        var (issuer, issuerCn) = DistinguishedNames.Format(issuerDer, rules);
        var whole = der[..encodedLength];

        return new CertificateInfo
        {
            Version = version,
            Subject = subject,
            SubjectCommonName = subjectCn,
            Issuer = issuer,
            IssuerCommonName = issuerCn,
            SerialNumber = FormatSerial(serialBytes.Span),
            FingerprintSha256 = Convert.ToHexStringLower(SHA256.HashData(whole.Span)),
            NotBefore = notBefore,
            NotAfter = notAfter,
            Sans = sans,
            KeyUsage = keyUsage,
            ExtendedKeyUsage = eku,
            IsCa = isCa,
            PathLength = pathLen,
            PublicKeyAlgorithm = keyAlg,
            PublicKeySize = keySize,
            SignatureAlgorithm = Oids.SignatureName(signatureOid),
            SubjectKeyId = ski,
            AuthorityKeyId = aki,
            SelfIssued = subjectDer.Span.SequenceEqual(issuerDer.Span),
            SubjectPublicKeyInfo = spkiDer,
            Der = whole,
        };
    }

    private static DateTimeOffset ReadTime(AsnReader validity)
    {
        var tag = validity.PeekTag();
        if (tag.HasSameClassAndValue(Asn1Tag.UtcTime)) return validity.ReadUtcTime(2049);
        return validity.ReadGeneralizedTime();
    }

    private static (string Algorithm, int Size) DescribeKey(ReadOnlyMemory<byte> spki, AsnEncodingRules rules)
    {
        var r = new AsnReader(spki, rules).ReadSequence();
        var alg = r.ReadSequence();
        var oid = alg.ReadObjectIdentifier();
        var key = r.ReadBitString(out _);
        switch (oid)
        {
            case Oids.Rsa:
            case Oids.RsaPss:
                var rsa = new AsnReader(key, rules).ReadSequence();
                var modulus = rsa.ReadIntegerBytes().Span;
                while (modulus.Length > 0 && modulus[0] == 0) modulus = modulus[1..];
                var bits = modulus.Length == 0 ? 0 : (modulus.Length - 1) * 8 + (8 - BitOperations.LeadingZeroCount((uint)modulus[0]) + 24);
                return (oid == Oids.Rsa ? "RSA" : "RSA-PSS", bits);
            case Oids.Ec:
                if (alg.HasData && alg.PeekTag().HasSameClassAndValue(Asn1Tag.ObjectIdentifier))
                {
                    var curve = Oids.Curve(alg.ReadObjectIdentifier());
                    if (curve is { } c) return ("EC", c.Bits);
                }
                return ("EC", key.Length > 1 ? (key.Length - 1) / 2 * 8 : 0);
            case Oids.Ed25519: return ("Ed25519", 256);
            case Oids.Ed448: return ("Ed448", 456);
            case Oids.Dsa:
                if (alg.HasData && alg.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
                {
                    var p = alg.ReadSequence().ReadIntegerBytes().Span;
                    while (p.Length > 0 && p[0] == 0) p = p[1..];
                    return ("DSA", p.Length * 8);
                }
                return ("DSA", 0);
            default: return (oid, key.Length * 8);
        }
    }

    private static string KeyAlgorithmName(ReadOnlyMemory<byte> spki, AsnEncodingRules rules)
    {
        var oid = new AsnReader(spki, rules).ReadSequence().ReadSequence().ReadObjectIdentifier();
        return oid switch
        {
            Oids.Rsa => "RSA",
            Oids.RsaPss => "RSA-PSS",
            Oids.Ec => "EC",
            Oids.Ed25519 => "Ed25519",
            Oids.Ed448 => "Ed448",
            Oids.Dsa => "DSA",
            _ => oid,
        };
    }

    // The extension readers below work on spans with AsnDecoder: an AsnReader per structure was
    // a good part of what a scan allocates. Their exceptions are the same (AsnContentException).

    private static SubjectAlternativeNames ReadSans(ReadOnlyMemory<byte> value, AsnEncodingRules rules)
    {
        List<string> dns = [], ip = [], uri = [], email = [];
        var seq = Sequence(value.Span, rules);
        while (!seq.IsEmpty)
        {
            var tag = Asn1Tag.Decode(seq, out _);
            int consumed;
            if (tag.TagClass != TagClass.ContextSpecific)
            {
                AsnDecoder.ReadEncodedValue(seq, rules, out _, out _, out consumed);
                seq = seq[consumed..];
                continue;
            }
            switch (tag.TagValue)
            {
                case 1: email.Add(ReadIa5(seq, rules, tag, out consumed)); break;
                case 2: dns.Add(ReadIa5(seq, rules, tag, out consumed)); break;
                case 6: uri.Add(ReadIa5(seq, rules, tag, out consumed)); break;
                case 7:
                    var bytes = OctetString(seq, rules, tag, out consumed);
                    ip.Add(bytes.Length is 4 or 16 ? new IPAddress(bytes).ToString() : Hex(bytes));
                    break;
                default: AsnDecoder.ReadEncodedValue(seq, rules, out _, out _, out consumed); break;
            }
            seq = seq[consumed..];
        }
        return new SubjectAlternativeNames(dns, ip, uri, email);
    }

    // IA5String contents read as Latin-1 so that malformed names (UTF-8 in a dNSName) still show.
    private static string ReadIa5(ReadOnlySpan<byte> source, AsnEncodingRules rules, Asn1Tag tag, out int consumed) =>
        Encoding.Latin1.GetString(OctetString(source, rules, tag, out consumed));

    /// <summary>An OCTET STRING's content: in place when primitive (always in DER), copied when constructed.</summary>
    private static ReadOnlySpan<byte> OctetString(ReadOnlySpan<byte> source, AsnEncodingRules rules, Asn1Tag? tag, out int consumed) =>
        AsnDecoder.TryReadPrimitiveOctetString(source, rules, out var content, out consumed, tag)
            ? content
            : AsnDecoder.ReadOctetString(source, rules, out consumed, tag);

    /// <summary>The content of the SEQUENCE at the start of <paramref name="source"/>.</summary>
    private static ReadOnlySpan<byte> Sequence(ReadOnlySpan<byte> source, AsnEncodingRules rules)
    {
        AsnDecoder.ReadSequence(source, rules, out var offset, out var length, out _);
        return source.Slice(offset, length);
    }

    private static (bool IsCa, int? PathLen) ReadBasicConstraints(ReadOnlyMemory<byte> value, AsnEncodingRules rules)
    {
        var seq = Sequence(value.Span, rules);
        var ca = false;
        int? pathLen = null;
        if (!seq.IsEmpty && Asn1Tag.Decode(seq, out _).HasSameClassAndValue(Asn1Tag.Boolean))
        {
            ca = AsnDecoder.ReadBoolean(seq, rules, out var consumed);
            seq = seq[consumed..];
        }
        if (!seq.IsEmpty && Asn1Tag.Decode(seq, out _).HasSameClassAndValue(Asn1Tag.Integer))
        {
            pathLen = AsnDecoder.TryReadInt32(seq, rules, out var n, out _) ? n : int.MaxValue;
        }
        return (ca, pathLen);
    }

    private static IReadOnlyList<string> ReadKeyUsage(ReadOnlyMemory<byte> value, AsnEncodingRules rules)
    {
        var bits = new AsnReader(value, rules).ReadBitString(out _);
        var names = new List<string>();
        for (var i = 0; i < Oids.KeyUsageBits.Length; i++)
        {
            var b = i / 8;
            if (b < bits.Length && (bits[b] & (0x80 >> (i % 8))) != 0) names.Add(Oids.KeyUsageBits[i]);
        }
        return names;
    }

    private static IReadOnlyList<string> ReadEku(ReadOnlyMemory<byte> value, AsnEncodingRules rules)
    {
        var seq = Sequence(value.Span, rules);
        var names = new List<string>();
        while (!seq.IsEmpty)
        {
            names.Add(Oids.EkuName(AsnDecoder.ReadObjectIdentifier(seq, rules, out var consumed)));
            seq = seq[consumed..];
        }
        return names;
    }

    private static string ReadSki(ReadOnlyMemory<byte> value, AsnEncodingRules rules) => Hex(OctetString(value.Span, rules, null, out _));

    private static string? ReadAki(ReadOnlyMemory<byte> value, AsnEncodingRules rules)
    {
        var seq = Sequence(value.Span, rules);
        var keyIdTag = new Asn1Tag(TagClass.ContextSpecific, 0);
        while (!seq.IsEmpty)
        {
            if (Asn1Tag.Decode(seq, out _).HasSameClassAndValue(keyIdTag)) return Hex(OctetString(seq, rules, keyIdTag, out _));
            AsnDecoder.ReadEncodedValue(seq, rules, out _, out _, out var consumed);
            seq = seq[consumed..];
        }
        return null;
    }

    /// <summary>Hex like <c>openssl x509 -serial</c>: no sign-padding zero byte, a leading minus for negative serials.</summary>
    internal static string FormatSerial(ReadOnlySpan<byte> content)
    {
        if (content.Length == 0) return "0";
        if ((content[0] & 0x80) != 0)
        {
            var magnitude = BigInteger.Negate(new BigInteger(content, isUnsigned: false, isBigEndian: true));
            return "-" + Convert.ToHexString(magnitude.ToByteArray(isUnsigned: true, isBigEndian: true));
        }
        if (content.Length > 1 && content[0] == 0) content = content[1..];
        return Convert.ToHexString(content);
    }

    internal static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
