using System.Formats.Asn1;
using System.Numerics;

namespace Doomsday.Core.Formats;

/// <summary>
/// How much password-hashing work one encrypted key may ask for. An encrypted PKCS#8 key (<c>ENCRYPTED
/// PRIVATE KEY</c>) names its own key-derivation parameters, so one written with 2^31-1 PBKDF2 rounds
/// held a scan at 100 % CPU for many minutes. The parameters are read from the AlgorithmIdentifier
/// before anything is decrypted, and a key over the limits is refused (<c>kdf_limit</c>). Public
/// contract: docs/reason-codes.md.
/// </summary>
public static class KdfLimits
{
    /// <summary>
    /// Most iterations of one key derivation: .NET's own default for PKCS#12
    /// (<c>Pkcs12LoaderLimits.Defaults.IndividualKdfIterationLimit</c>), which PKCS#12 files already get. Far
    /// above what tools write by default (OpenSSL 3: 2,048 for PKCS#8 and PKCS#12; Java keytool: 10,000).
    /// </summary>
    public const int MaxIterations = 300_000;

    /// <summary>Most iterations spent on one file, over all its encrypted keys and every passphrase tried.</summary>
    public const long MaxIterationsPerFile = 10L * MaxIterations;

    /// <summary>Most memory an scrypt derivation may need (128·N·r bytes): OpenSSL's default <c>maxmem</c>, 32 MiB.</summary>
    public const long MaxScryptMemory = 32L * 1024 * 1024;

    /// <summary>Most scrypt parallelization (p): each unit repeats the whole memory-hard work.</summary>
    public const int MaxScryptParallelism = 16;

    // PKCS#5 v2.1 (RFC 8018) and PKCS#12 (RFC 7292) object identifiers.
    private const string Pbes2 = "1.2.840.113549.1.5.13";
    private const string Pbkdf2 = "1.2.840.113549.1.5.12";
    private const string Scrypt = "1.3.6.1.4.1.11591.4.11"; // RFC 7914
    private static readonly string[] Pbes1 = ["1.2.840.113549.1.5.1", "1.2.840.113549.1.5.3", "1.2.840.113549.1.5.4", "1.2.840.113549.1.5.6", "1.2.840.113549.1.5.10", "1.2.840.113549.1.5.11"];
    private const string Pkcs12PbePrefix = "1.2.840.113549.1.12.1.";

    /// <summary>
    /// Reads the key-derivation parameters of an <c>EncryptedPrivateKeyInfo</c>. Null when they are within the
    /// limits (<paramref name="iterations"/> is then the work one attempt costs); otherwise why the key is refused.
    /// An algorithm not listed here is not refused: the decryptor does not know it either and fails at once.
    /// </summary>
    public static string? Check(ReadOnlyMemory<byte> encryptedPrivateKeyInfo, out long iterations)
    {
        iterations = 0;
        try
        {
            var info = new AsnReader(encryptedPrivateKeyInfo, AsnEncodingRules.BER).ReadSequence();
            var algorithm = info.ReadSequence();
            var oid = algorithm.ReadObjectIdentifier();
            if (oid == Pbes2)
            {
                var parameters = algorithm.ReadSequence();
                var kdf = parameters.ReadSequence();
                var kdfOid = kdf.ReadObjectIdentifier();
                if (kdfOid == Pbkdf2)
                {
                    var p = kdf.ReadSequence();
                    p.ReadEncodedValue(); // salt: OCTET STRING, or an AlgorithmIdentifier naming its source
                    return Iterations(p.ReadInteger(), "PBKDF2", out iterations);
                }
                if (kdfOid == Scrypt)
                {
                    var p = kdf.ReadSequence();
                    p.ReadOctetString();
                    var (n, r, par) = (p.ReadInteger(), p.ReadInteger(), p.ReadInteger());
                    if (n < 2 || r < 1 || par < 1) return "scrypt parameters out of range";
                    if (par > MaxScryptParallelism) return $"the key asks for scrypt parallelization p={par}, over the {MaxScryptParallelism} allowed";
                    if (128 * n * r > MaxScryptMemory) return $"the key asks for scrypt N={n}, r={r} ({128 * n * r / (1024 * 1024)} MiB), over the {MaxScryptMemory / (1024 * 1024)} MiB allowed";
                    iterations = (long)(n * r * par / 1024); // a rough equivalent, for the file's budget
                    return null;
                }
                return null;
            }
            if (Pbes1.Contains(oid) || oid.StartsWith(Pkcs12PbePrefix, StringComparison.Ordinal))
            {
                var p = algorithm.ReadSequence();
                p.ReadOctetString();
                return Iterations(p.ReadInteger(), "PBE", out iterations);
            }
            return null;
        }
        catch (AsnContentException)
        {
            return "the encrypted key's algorithm parameters are malformed";
        }
    }

    private static string? Iterations(BigInteger count, string kdf, out long iterations)
    {
        iterations = 0;
        if (count < 1) return $"{kdf} iteration count {count} is out of range";
        if (count > MaxIterations) return $"the key asks for {count} {kdf} iterations, over the {MaxIterations} allowed";
        iterations = (long)count;
        return null;
    }
}
