using System.Buffers;
using System.Buffers.Text;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Doomsday.Core.Certificates;
using Doomsday.Core.Inventory;

namespace Doomsday.Core.Formats;

/// <summary>
/// Turns the bytes of a file (or a kubeconfig field, or a Secret key) into certificates and key
/// identities. Recognises PEM (many blocks, junk around them, CRLF, stray whitespace), DER,
/// PKCS#7 (PEM or DER), PKCS#12 and base64 of any of these. Never throws.
/// </summary>
public static class CertificateDecoder
{
    private static readonly byte[] Begin = "-----BEGIN "u8.ToArray();
    private static readonly byte[] End = "-----END "u8.ToArray();
    private static readonly byte[] Dashes = "-----"u8.ToArray();

    public static DecodeResult Decode(ReadOnlyMemory<byte> data, IReadOnlyList<string>? passphrases = null)
    {
        var result = new DecodeResult();
        DecodeInto(result, data, passphrases ?? [], allowBase64: true);
        return result;
    }

    private static void DecodeInto(DecodeResult result, ReadOnlyMemory<byte> data, IReadOnlyList<string> passphrases, bool allowBase64)
    {
        var span = data.Span;
        if (span.IndexOf(Begin) >= 0)
        {
            result.LooksLikeCertificateMaterial = true;
            DecodePem(result, data, passphrases);
            return;
        }
        var trimmed = TrimStart(span);
        if (trimmed.Length > 0 && trimmed[0] == 0x30)
        {
            DecodeDer(result, data, passphrases);
            return;
        }
        if (allowBase64 && LooksLikeBase64(span) && TryDecodeBase64(span, out var decoded) && decoded.Length > 0)
        {
            var inner = new DecodeResult();
            DecodeInto(inner, decoded, passphrases, allowBase64: false);
            if (inner.LooksLikeCertificateMaterial)
            {
                result.LooksLikeCertificateMaterial = true;
                result.Certificates.AddRange(inner.Certificates);
                result.Keys.AddRange(inner.Keys);
                result.Problems.AddRange(inner.Problems);
                result.OtherBlocks.AddRange(inner.OtherBlocks);
            }
        }
    }

    private static void DecodePem(DecodeResult result, ReadOnlyMemory<byte> data, IReadOnlyList<string> passphrases)
    {
        var pos = 0;
        var span = data.Span;
        while (pos < span.Length)
        {
            var b = span[pos..].IndexOf(Begin);
            if (b < 0) break;
            var labelStart = pos + b + Begin.Length;
            var labelLen = span[labelStart..].IndexOf(Dashes);
            var nl = span[labelStart..].IndexOfAny((byte)'\n', (byte)'\r');
            if (labelLen < 0 || (nl >= 0 && nl < labelLen))
            {
                result.Problems.Add(new DecodeProblem(ReasonCodes.BadPem, $"malformed BEGIN line at byte {pos + b}"));
                pos = labelStart;
                continue;
            }
            var labelBytes = span.Slice(labelStart, labelLen);
            // The common label without a string allocation per block.
            var label = labelBytes.SequenceEqual("CERTIFICATE"u8) ? "CERTIFICATE" : Encoding.ASCII.GetString(labelBytes).Trim();
            var bodyStart = labelStart + labelLen + Dashes.Length;
            var e = span[bodyStart..].IndexOf(End);
            if (e < 0)
            {
                result.Problems.Add(new DecodeProblem(ReasonCodes.BadPem, $"PEM block '{label}' has no END line"));
                break;
            }
            var body = data.Slice(bodyStart, e);
            var afterEnd = bodyStart + e + End.Length;
            var close = span[afterEnd..].IndexOf(Dashes);
            pos = close < 0 ? afterEnd : afterEnd + close + Dashes.Length;
            DecodePemBlock(result, label, body, passphrases);
        }
    }

    private static void DecodePemBlock(DecodeResult result, string label, ReadOnlyMemory<byte> body, IReadOnlyList<string> passphrases)
    {
        switch (label)
        {
            case "CERTIFICATE":
            case "X509 CERTIFICATE":
            case "TRUSTED CERTIFICATE":
                if (!TryBase64Body(body.Span, out var der))
                {
                    result.Problems.Add(new DecodeProblem(ReasonCodes.BadPem, $"CERTIFICATE block #{result.Certificates.Count + result.Problems.Count} is not valid base64"));
                    return;
                }
                AddCertificate(result, der, "pem");
                return;
            case "PKCS7":
            case "PKCS #7 SIGNED DATA":
            case "CMS":
                if (!TryBase64Body(body.Span, out var p7))
                {
                    result.Problems.Add(new DecodeProblem(ReasonCodes.BadPem, $"{label} block is not valid base64"));
                    return;
                }
                DecodePkcs7(result, p7, "pkcs7");
                return;
            case "PRIVATE KEY":
            case "RSA PRIVATE KEY":
            case "EC PRIVATE KEY":
            case "ENCRYPTED PRIVATE KEY":
                DecodeKeyBlock(result, label, body, passphrases);
                return;
            default:
                result.OtherBlocks.Add(label);
                return;
        }
    }

    private static void DecodeKeyBlock(DecodeResult result, string label, ReadOnlyMemory<byte> body, IReadOnlyList<string> passphrases)
    {
        var index = result.Keys.Count;
        if (body.Span.IndexOf("Proc-Type:"u8) >= 0)
        {
            result.Keys.Add(new DecodedKey(index, "unknown", null, "legacy encrypted PEM key; cannot be matched"));
            return;
        }
        if (!TryBase64Body(body.Span, out var der))
        {
            result.Keys.Add(new DecodedKey(index, "unknown", null, "private key block is not valid base64"));
            return;
        }
        try
        {
            if (label == "ENCRYPTED PRIVATE KEY")
            {
                DecodeEncryptedKey(result, index, der, passphrases);
                return;
            }
            var (alg, keyId, problem) = KeyIdentity.FromPrivateKey(der.Span, label);
            result.Keys.Add(new DecodedKey(index, alg, keyId, problem));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(MemoryMarshalHelper.AsWritable(der));
        }
    }

    /// <summary>
    /// An encrypted PKCS#8 key: its key-derivation parameters are checked against <see cref="KdfLimits"/> before
    /// anything is decrypted, and the whole file shares one budget of iterations over all its keys and passphrases.
    /// </summary>
    private static void DecodeEncryptedKey(DecodeResult result, int index, ReadOnlyMemory<byte> der, IReadOnlyList<string> passphrases)
    {
        if (KdfLimits.Check(der, out var iterations) is { } refused)
        {
            Refuse(refused);
            return;
        }
        foreach (var pass in passphrases.Prepend(""))
        {
            if (result.KdfIterationsSpent + iterations > KdfLimits.MaxIterationsPerFile)
            {
                Refuse($"the file's encrypted keys would take over {KdfLimits.MaxIterationsPerFile} key-derivation iterations in all");
                return;
            }
            result.KdfIterationsSpent += iterations;
            if (TryDecryptPkcs8(der, pass, out var plain))
            {
                var (a, id, p) = KeyIdentity.FromPkcs8(plain);
                CryptographicOperations.ZeroMemory(plain);
                result.Keys.Add(new DecodedKey(index, a, id, p));
                return;
            }
        }
        result.Keys.Add(new DecodedKey(index, "unknown", null, "encrypted private key: no passphrase given opens it"));

        void Refuse(string why)
        {
            result.Keys.Add(new DecodedKey(index, "unknown", null, $"encrypted private key not decrypted: {why}"));
            result.Problems.Add(new DecodeProblem(ReasonCodes.KdfLimit, $"encrypted private key #{index} not decrypted: {why}"));
        }
    }

    /// <summary>One key derivation and decryption per passphrase, whatever the key's algorithm (RSA, EC, Ed25519, ...).</summary>
    private static bool TryDecryptPkcs8(ReadOnlyMemory<byte> der, string pass, out byte[] plain)
    {
        plain = [];
        try
        {
            var info = System.Security.Cryptography.Pkcs.Pkcs8PrivateKeyInfo.DecryptAndDecode(pass, der, out _);
            plain = info.Encode();
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static void DecodeDer(DecodeResult result, ReadOnlyMemory<byte> data, IReadOnlyList<string> passphrases)
    {
        var kind = SniffDer(data.Span);
        switch (kind)
        {
            case DerKind.Certificate:
                result.LooksLikeCertificateMaterial = true;
                AddCertificate(result, data, "der");
                return;
            case DerKind.Pkcs7:
                result.LooksLikeCertificateMaterial = true;
                DecodePkcs7(result, data, "pkcs7");
                return;
            case DerKind.Pkcs12:
                result.LooksLikeCertificateMaterial = true;
                DecodePkcs12(result, data, passphrases);
                return;
            case DerKind.Crl:
                result.LooksLikeCertificateMaterial = true;
                result.OtherBlocks.Add("X509 CRL (DER)");
                return;
            default:
                // A SEQUENCE we do not recognise: try it as a certificate once, to report why it fails.
                if (DerCertificateParser.TryParse(data, out var info, out _))
                {
                    result.LooksLikeCertificateMaterial = true;
                    result.Certificates.Add(new DecodedCertificate(info!, 0, "der"));
                }
                return;
        }
    }

    private enum DerKind { Unknown, Certificate, Pkcs7, Pkcs12, Crl }

    private static DerKind SniffDer(ReadOnlySpan<byte> der)
    {
        try
        {
            var r = new AsnReader(der.ToArray(), AsnEncodingRules.BER);
            var outer = r.ReadSequence();
            var tag = outer.PeekTag();
            if (tag.HasSameClassAndValue(Asn1Tag.Sequence)) return IsCrl(outer.ReadSequence()) ? DerKind.Crl : DerKind.Certificate;
            if (tag.HasSameClassAndValue(Asn1Tag.ObjectIdentifier))
            {
                return outer.ReadObjectIdentifier() == "1.2.840.113549.1.7.2" ? DerKind.Pkcs7 : DerKind.Unknown;
            }
            if (tag.HasSameClassAndValue(Asn1Tag.Integer))
            {
                return outer.TryReadInt32(out var v) && v == 3 ? DerKind.Pkcs12 : DerKind.Unknown;
            }
        }
        catch (AsnContentException)
        {
            return SniffTruncated(der);
        }
        return DerKind.Unknown;
    }

    /// <summary>
    /// Recognises a cut-off or corrupted structure by its first bytes, so that it is reported as a
    /// broken PKCS#12/PKCS#7/certificate rather than silently as "not certificate material". Only
    /// prefixes that text cannot produce count (a version [0] tag, INTEGER 3, a known OID).
    /// </summary>
    private static DerKind SniffTruncated(ReadOnlySpan<byte> der)
    {
        try
        {
            if (der.Length < 4 || der[0] != 0x30) return DerKind.Unknown;
            var header = der[1] < 0x80 ? 2 : 2 + (der[1] & 0x7F);
            if (der[1] == 0x80) header = 2; // BER indefinite length
            if (header >= der.Length) return DerKind.Unknown;
            var content = der[header..];
            if (content.StartsWith((ReadOnlySpan<byte>)[0x02, 0x01, 0x03, 0x30])) return DerKind.Pkcs12;
            if (content.StartsWith((ReadOnlySpan<byte>)[0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02])) return DerKind.Pkcs7;
            if (content[0] == 0x30 && content.Length > 6)
            {
                var tbsHeader = content[1] < 0x80 ? 2 : 2 + (content[1] & 0x7F);
                if (tbsHeader + 1 < content.Length && content[tbsHeader] == 0xA0 && content[tbsHeader + 1] == 0x03) return DerKind.Certificate;
            }
        }
        catch (IndexOutOfRangeException)
        {
        }
        return DerKind.Unknown;
    }

    /// <summary>
    /// A CRL's TBSCertList is ([version] algorithm issuer thisUpdate ...) where a TBSCertificate is
    /// ([0]version serial algorithm issuer validity ...): a time right after the name means a CRL.
    /// </summary>
    private static bool IsCrl(AsnReader tbs)
    {
        if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Integer)) tbs.ReadEncodedValue();
        for (var i = 0; i < 2; i++)
        {
            if (!tbs.HasData || !tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence)) return false;
            tbs.ReadEncodedValue();
        }
        return tbs.HasData && (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) || tbs.PeekTag().HasSameClassAndValue(Asn1Tag.GeneralizedTime));
    }

    private static void AddCertificate(DecodeResult result, ReadOnlyMemory<byte> der, string format)
    {
        if (DerCertificateParser.TryParse(der, out var info, out var error))
        {
            result.Certificates.Add(new DecodedCertificate(info!, result.Certificates.Count, format));
        }
        else
        {
            result.Problems.Add(new DecodeProblem(ReasonCodes.DecodeFailed, $"certificate #{result.Certificates.Count + result.Problems.Count} is not valid X.509: {error}"));
        }
    }

    private static void DecodePkcs7(DecodeResult result, ReadOnlyMemory<byte> der, string format)
    {
        try
        {
            var contentInfo = new AsnReader(der, AsnEncodingRules.BER).ReadSequence();
            if (contentInfo.ReadObjectIdentifier() != "1.2.840.113549.1.7.2")
            {
                result.Problems.Add(new DecodeProblem(ReasonCodes.BadPkcs7, "PKCS#7 content is not SignedData"));
                return;
            }
            var signedData = contentInfo.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
            signedData.ReadInteger();
            signedData.ReadSetOf(skipSortOrderValidation: true);
            signedData.ReadSequence();
            var certsTag = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
            if (!signedData.HasData || !signedData.PeekTag().HasSameClassAndValue(certsTag)) return;
            var certs = signedData.ReadSetOf(true, certsTag);
            while (certs.HasData)
            {
                if (!certs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
                {
                    certs.ReadEncodedValue(); // attribute certificates and other choices
                    continue;
                }
                AddCertificate(result, certs.ReadEncodedValue(), format);
            }
        }
        catch (AsnContentException e)
        {
            result.Problems.Add(new DecodeProblem(ReasonCodes.BadPkcs7, $"PKCS#7 structure is invalid: {e.Message}"));
        }
    }

    private static void DecodePkcs12(DecodeResult result, ReadOnlyMemory<byte> der, IReadOnlyList<string> passphrases)
    {
        var attempts = new List<string?> { null, "" };
        attempts.AddRange(passphrases);
        Exception? last = null;
        foreach (var pass in attempts)
        {
            try
            {
                var collection = X509CertificateLoader.LoadPkcs12Collection(der.Span, pass, X509KeyStorageFlags.EphemeralKeySet);
                foreach (var cert in collection)
                {
                    AddCertificate(result, cert.RawData, "pkcs12");
                    if (cert.HasPrivateKey)
                    {
                        var spki = PublicKeyOfPrivate(cert);
                        result.Keys.Add(new DecodedKey(result.Keys.Count, cert.PublicKey.Oid.FriendlyName ?? "unknown",
                            spki is null ? null : KeyIdentity.FromSubjectPublicKeyInfo(spki), spki is null ? "key type cannot be matched" : null));
                    }
                    cert.Dispose();
                }
                return;
            }
            catch (Pkcs12LoadLimitExceededException e)
            {
                // .NET's loader refuses it before any key derivation (IndividualKdfIterationLimit, MacIterationLimit, ...);
                // every passphrase would meet the same limit.
                var reason = e.Message.Contains("Iteration", StringComparison.Ordinal) ? ReasonCodes.KdfLimit : ReasonCodes.BadPkcs12;
                result.Problems.Add(new DecodeProblem(reason, $"PKCS#12 not read: {e.Message}"));
                return;
            }
            catch (CryptographicException e)
            {
                last = e;
            }
        }
        var structurallyValid = SniffDer(der.Span) == DerKind.Pkcs12 && last?.Message.Contains("password", StringComparison.OrdinalIgnoreCase) == true;
        if (structurallyValid || passphrases.Count == 0 && last is not null && IsMacFailure(last))
        {
            result.Problems.Add(new DecodeProblem(ReasonCodes.BadPassphrase,
                passphrases.Count == 0
                    ? "PKCS#12 is protected by a passphrase; pass --passphrase or set DOOMSDAY_PASSPHRASE"
                    : "PKCS#12: none of the given passphrases opens it"));
        }
        else
        {
            result.Problems.Add(new DecodeProblem(ReasonCodes.BadPkcs12, $"PKCS#12 could not be read: {last?.Message}"));
        }
    }

    private static bool IsMacFailure(Exception e) =>
        e.Message.Contains("password", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("MAC", StringComparison.Ordinal);

    private static byte[]? PublicKeyOfPrivate(X509Certificate2 cert)
    {
        using var rsa = cert.GetRSAPrivateKey();
        if (rsa is not null) return rsa.ExportSubjectPublicKeyInfo();
        using var ec = cert.GetECDsaPrivateKey();
        return ec?.ExportSubjectPublicKeyInfo();
    }

    private static bool TryBase64Body(ReadOnlySpan<byte> body, out ReadOnlyMemory<byte> der)
    {
        // Skip RFC 1421 headers ("Name: value" lines) if any; then drop all whitespace and decode.
        var buffer = ArrayPool<byte>.Shared.Rent(body.Length);
        var n = 0;
        try
        {
            var i = 0;
            while (i < body.Length)
            {
                // Copy the run up to the next whitespace or backslash in one go (a PEM line is 64 characters).
                var run = body[i..].IndexOfAny(Base64Breaks);
                if (run < 0) run = body.Length - i;
                body.Slice(i, run).CopyTo(buffer.AsSpan(n));
                n += run;
                i += run;
                if (i >= body.Length) break;
                var c = body[i];
                // PEM kept in a JSON or YAML string: its line breaks are "\n" escapes (kubectl -o json,
                // x509-limbo). A backslash is never base64, so these are unambiguous.
                if (c == (byte)'\\' && i + 1 < body.Length && body[i + 1] is (byte)'n' or (byte)'r' or (byte)'t' or (byte)'/')
                {
                    i++;
                    if (body[i] == (byte)'/') buffer[n++] = (byte)'/';
                }
                else if (c == (byte)'\\')
                {
                    buffer[n++] = c;
                }
                i++;
            }
            var output = new byte[Base64.GetMaxDecodedFromUtf8Length(n)];
            var status = Base64.DecodeFromUtf8(buffer.AsSpan(0, n), output, out _, out var written);
            if (status == OperationStatus.InvalidData && ClearPaddingBits(buffer.AsSpan(0, n)))
            {
                status = Base64.DecodeFromUtf8(buffer.AsSpan(0, n), output, out _, out written);
            }
            if (status != OperationStatus.Done || written == 0)
            {
                der = default;
                return false;
            }
            der = output.AsMemory(0, written);
            return true;
        }
        finally
        {
            buffer.AsSpan(0, n).Clear(); // it may be a private key's base64
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static readonly SearchValues<byte> Base64Breaks = SearchValues.Create(" \t\r\n\\"u8);

    private const string Base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary>
    /// Zeroes the unused low bits of the last character before '=' padding (mbedtls' "...10=="
    /// vectors): openssl ignores them, the platform decoder refuses them. True when something changed.
    /// </summary>
    private static bool ClearPaddingBits(Span<byte> chars)
    {
        if (chars.Length < 4 || chars.Length % 4 != 0 || chars[^1] != (byte)'=') return false;
        var (at, mask) = chars[^2] == (byte)'=' ? (chars.Length - 3, 0x30) : (chars.Length - 2, 0x3C);
        var value = Base64Alphabet.IndexOf((char)chars[at]);
        if (value < 0 || (value & mask) == value) return false;
        chars[at] = (byte)Base64Alphabet[value & mask];
        return true;
    }

    private static bool LooksLikeBase64(ReadOnlySpan<byte> span)
    {
        var count = 0;
        foreach (var c in span)
        {
            if (c is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') continue;
            if (!(char.IsAsciiLetterOrDigit((char)c) || c is (byte)'+' or (byte)'/' or (byte)'=' or (byte)'-' or (byte)'_')) return false;
            count++;
        }
        return count >= 16;
    }

    private static bool TryDecodeBase64(ReadOnlySpan<byte> span, out ReadOnlyMemory<byte> decoded) => TryBase64Body(span, out decoded);

    private static ReadOnlySpan<byte> TrimStart(ReadOnlySpan<byte> span)
    {
        var i = 0;
        while (i < span.Length && span[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') i++;
        return span[i..];
    }
}

internal static class MemoryMarshalHelper
{
    public static Span<byte> AsWritable(ReadOnlyMemory<byte> memory) =>
        System.Runtime.InteropServices.MemoryMarshal.AsMemory(memory).Span;
}
