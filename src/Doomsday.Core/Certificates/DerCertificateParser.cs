using System.Formats.Asn1;
using System.Net;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace Doomsday.Core.Certificates;

/// <summary>
/// Reads the fields Doomsday needs straight from the DER with <see cref="AsnDecoder"/>, without
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

    // The whole certificate is read with AsnDecoder over spans: an AsnReader per structure (about
    // twenty per certificate) was a good part of what a scan allocates. The exceptions are the same
    // (AsnContentException), so DER-then-BER and error messages do not change.
    private static CertificateInfo Parse(ReadOnlyMemory<byte> der, AsnEncodingRules rules)
    {
        var whole = der.Span;
        var cert = Sequence(whole, rules, out var encodedLength);
        var tbs = Sequence(cert, rules, out var tbsLength);
        var sigAlg = Sequence(cert[tbsLength..], rules, out _);
        var signatureOid = AsnDecoder.ReadObjectIdentifier(sigAlg, rules, out _);

        var version = 1;
        var versionTag = new Asn1Tag(TagClass.ContextSpecific, 0);
        if (Asn1Tag.Decode(tbs, out _).HasSameClassAndValue(versionTag))
        {
            var v = Sequence(tbs, rules, out var consumed, versionTag);
            version = (int)AsnDecoder.ReadInteger(v, rules, out _) + 1;
            tbs = tbs[consumed..];
        }
        var serialBytes = Advance(ref tbs, AsnDecoder.ReadIntegerBytes(tbs, rules, out var serialLength), serialLength);
        Sequence(tbs, rules, out var innerSigLength); // inner signature algorithm, duplicated by the outer one
        tbs = tbs[innerSigLength..];
        var issuerDer = EncodedValue(ref tbs, rules);
        var validity = Sequence(tbs, rules, out var validityLength);
        tbs = tbs[validityLength..];
        var notBefore = ReadTime(ref validity, rules);
        var notAfter = ReadTime(ref validity, rules);
        var subjectDer = EncodedValue(ref tbs, rules);
        var spkiDer = EncodedValue(ref tbs, rules);

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

        var extensionsTag = new Asn1Tag(TagClass.ContextSpecific, 3);
        while (!tbs.IsEmpty)
        {
            if (!Asn1Tag.Decode(tbs, out _).HasSameClassAndValue(extensionsTag))
            {
                EncodedValue(ref tbs, rules); // issuerUniqueID / subjectUniqueID
                continue;
            }
            var wrapper = Sequence(tbs, rules, out var wrapperLength, extensionsTag);
            tbs = tbs[wrapperLength..];
            var exts = Sequence(wrapper, rules, out _);
            while (!exts.IsEmpty)
            {
                var ext = Sequence(exts, rules, out var extLength);
                exts = exts[extLength..];
                var oid = AsnDecoder.ReadObjectIdentifier(ext, rules, out var oidLength);
                ext = ext[oidLength..];
                if (Asn1Tag.Decode(ext, out _).HasSameClassAndValue(Asn1Tag.Boolean))
                {
                    AsnDecoder.ReadBoolean(ext, rules, out var criticalLength);
                    ext = ext[criticalLength..];
                }
                // The value in place (DER is always primitive); a copy only for constructed BER.
                var value = OctetString(ext, rules, null, out _);
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

        var (subject, subjectCn) = DistinguishedNames.Format(subjectDer, rules);
        var (issuer, issuerCn) = DistinguishedNames.Format(issuerDer, rules);
        whole.Overlaps(spkiDer, out var spkiStart);

        return new CertificateInfo
        {
            Version = version,
            Subject = subject,
            SubjectCommonName = subjectCn,
            Issuer = issuer,
            IssuerCommonName = issuerCn,
            SerialNumber = FormatSerial(serialBytes),
            FingerprintSha256 = Fingerprint(whole[..encodedLength]),
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
            SelfIssued = subjectDer.SequenceEqual(issuerDer),
            SubjectPublicKeyInfo = der.Slice(spkiStart, spkiDer.Length),
            Der = der[..encodedLength],
        };
    }

    /// <summary>The content of the SEQUENCE at the start of <paramref name="source"/>; <paramref name="consumed"/> is its whole encoded length.</summary>
    private static ReadOnlySpan<byte> Sequence(ReadOnlySpan<byte> source, AsnEncodingRules rules, out int consumed, Asn1Tag? tag = null)
    {
        AsnDecoder.ReadSequence(source, rules, out var offset, out var length, out consumed, tag);
        return source.Slice(offset, length);
    }

    /// <summary>The next encoded value (tag, length and content), taken off the front of <paramref name="source"/>.</summary>
    private static ReadOnlySpan<byte> EncodedValue(ref ReadOnlySpan<byte> source, AsnEncodingRules rules)
    {
        AsnDecoder.ReadEncodedValue(source, rules, out _, out _, out var consumed);
        var value = source[..consumed];
        source = source[consumed..];
        return value;
    }

    private static ReadOnlySpan<byte> Advance(ref ReadOnlySpan<byte> source, ReadOnlySpan<byte> value, int consumed)
    {
        source = source[consumed..];
        return value;
    }

    // One hash object per thread, reset after each use: SHA256.HashData sets up and frees a digest
    // context in OpenSSL on every call, which costs more than hashing a certificate.
    [ThreadStatic] private static IncrementalHash? t_sha256;

    private static string Fingerprint(ReadOnlySpan<byte> der)
    {
        var hash = t_sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> digest = stackalloc byte[32];
        hash.AppendData(der);
        hash.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest);
    }

    private static DateTimeOffset ReadTime(ref ReadOnlySpan<byte> validity, AsnEncodingRules rules)
    {
        int consumed;
        var time = Asn1Tag.Decode(validity, out _).HasSameClassAndValue(Asn1Tag.UtcTime)
            ? AsnDecoder.ReadUtcTime(validity, rules, out consumed, 2049)
            : AsnDecoder.ReadGeneralizedTime(validity, rules, out consumed);
        validity = validity[consumed..];
        return time;
    }

    /// <summary>A BIT STRING's content: in place when primitive (always in DER), copied when constructed.</summary>
    private static ReadOnlySpan<byte> BitString(ReadOnlySpan<byte> source, AsnEncodingRules rules, out int consumed) =>
        AsnDecoder.TryReadPrimitiveBitString(source, rules, out _, out var content, out consumed)
            ? content
            : AsnDecoder.ReadBitString(source, rules, out _, out consumed);

    private static (string Algorithm, int Size) DescribeKey(ReadOnlySpan<byte> spki, AsnEncodingRules rules)
    {
        var r = Sequence(spki, rules, out _);
        var alg = Sequence(r, rules, out var algLength);
        var oid = AsnDecoder.ReadObjectIdentifier(alg, rules, out var oidLength);
        alg = alg[oidLength..];
        var key = BitString(r[algLength..], rules, out _);
        switch (oid)
        {
            case Oids.Rsa:
            case Oids.RsaPss:
                var modulus = AsnDecoder.ReadIntegerBytes(Sequence(key, rules, out _), rules, out _);
                while (modulus.Length > 0 && modulus[0] == 0) modulus = modulus[1..];
                var bits = modulus.Length == 0 ? 0 : (modulus.Length - 1) * 8 + (8 - BitOperations.LeadingZeroCount((uint)modulus[0]) + 24);
                return (oid == Oids.Rsa ? "RSA" : "RSA-PSS", bits);
            case Oids.Ec:
                if (!alg.IsEmpty && Asn1Tag.Decode(alg, out _).HasSameClassAndValue(Asn1Tag.ObjectIdentifier))
                {
                    var curve = Oids.Curve(AsnDecoder.ReadObjectIdentifier(alg, rules, out _));
                    if (curve is { } c) return ("EC", c.Bits);
                }
                return ("EC", key.Length > 1 ? (key.Length - 1) / 2 * 8 : 0);
            case Oids.Ed25519: return ("Ed25519", 256);
            case Oids.Ed448: return ("Ed448", 456);
            case Oids.Dsa:
                if (!alg.IsEmpty && Asn1Tag.Decode(alg, out _).HasSameClassAndValue(Asn1Tag.Sequence))
                {
                    var p = AsnDecoder.ReadIntegerBytes(Sequence(alg, rules, out _), rules, out _);
                    while (p.Length > 0 && p[0] == 0) p = p[1..];
                    return ("DSA", p.Length * 8);
                }
                return ("DSA", 0);
            default: return (oid, key.Length * 8);
        }
    }

    private static string KeyAlgorithmName(ReadOnlySpan<byte> spki, AsnEncodingRules rules)
    {
        var oid = AsnDecoder.ReadObjectIdentifier(Sequence(Sequence(spki, rules, out _), rules, out _), rules, out _);
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

    private static SubjectAlternativeNames ReadSans(ReadOnlySpan<byte> value, AsnEncodingRules rules)
    {
        List<string> dns = [], ip = [], uri = [], email = [];
        var seq = Sequence(value, rules, out _);
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

    private static (bool IsCa, int? PathLen) ReadBasicConstraints(ReadOnlySpan<byte> value, AsnEncodingRules rules)
    {
        var seq = Sequence(value, rules, out _);
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

    private static IReadOnlyList<string> ReadKeyUsage(ReadOnlySpan<byte> value, AsnEncodingRules rules)
    {
        var bits = BitString(value, rules, out _);
        var names = new List<string>();
        for (var i = 0; i < Oids.KeyUsageBits.Length; i++)
        {
            var b = i / 8;
            if (b < bits.Length && (bits[b] & (0x80 >> (i % 8))) != 0) names.Add(Oids.KeyUsageBits[i]);
        }
        return names;
    }

    private static IReadOnlyList<string> ReadEku(ReadOnlySpan<byte> value, AsnEncodingRules rules)
    {
        var seq = Sequence(value, rules, out _);
        var names = new List<string>();
        while (!seq.IsEmpty)
        {
            names.Add(Oids.EkuName(AsnDecoder.ReadObjectIdentifier(seq, rules, out var consumed)));
            seq = seq[consumed..];
        }
        return names;
    }

    private static string ReadSki(ReadOnlySpan<byte> value, AsnEncodingRules rules) => Hex(OctetString(value, rules, null, out _));

    private static string? ReadAki(ReadOnlySpan<byte> value, AsnEncodingRules rules)
    {
        var seq = Sequence(value, rules, out _);
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
