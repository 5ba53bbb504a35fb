using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;

namespace Doomsday.Testing.Pki;

/// <summary>
/// Encrypted PKCS#8 keys as the real tool writes them (<c>openssl pkcs8 -topk8</c>), and the same key with its
/// key-derivation parameters re-encoded: a key written by openssl with 2^31-1 PBKDF2 rounds would take openssl
/// itself minutes to write, while only the INTEGER in the AlgorithmIdentifier differs.
/// </summary>
internal static class EncryptedKeys
{
    private const string Pbkdf2 = "1.2.840.113549.1.5.12";

    /// <summary><c>openssl pkcs8 -topk8 -passout pass:PASSWORD OPTIONS</c> of an unencrypted key PEM.</summary>
    public static string Openssl(string keyPem, string password, params string[] options)
    {
        using var dir = new TempDir();
        var key = dir.File("key.pem", keyPem);
        return Doomsday.Testing.Tools.Openssl.Run(["pkcs8", "-topk8", "-in", key, "-passout", "pass:" + password, .. options]);
    }

    /// <summary>The PEM with its PBKDF2 iteration count replaced.</summary>
    public static string WithPbkdf2Iterations(string pem, BigInteger iterations) => Rewrite(pem, (oid, p, w) =>
    {
        Assert.Equal(Pbkdf2, oid);
        w.WriteEncodedValue(p.ReadEncodedValue().Span); // salt
        p.ReadInteger();
        w.WriteInteger(iterations);
    });

    /// <summary>The PEM with its scrypt N, r and p replaced.</summary>
    public static string WithScrypt(string pem, BigInteger n, BigInteger r, BigInteger parallelism) => Rewrite(pem, (oid, p, w) =>
    {
        Assert.Equal("1.3.6.1.4.1.11591.4.11", oid);
        w.WriteEncodedValue(p.ReadEncodedValue().Span); // salt
        p.ReadInteger();
        p.ReadInteger();
        p.ReadInteger();
        w.WriteInteger(n);
        w.WriteInteger(r);
        w.WriteInteger(parallelism);
    });

    /// <summary>Re-encodes an EncryptedPrivateKeyInfo (PBES2), letting <paramref name="kdfParameters"/> write the KDF's parameters; the rest is copied.</summary>
    private static string Rewrite(string pem, Action<string, AsnReader, AsnWriter> kdfParameters)
    {
        var der = Convert.FromBase64String(string.Concat(pem.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal))));
        var info = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        var algorithm = info.ReadSequence();
        var pbes2 = algorithm.ReadObjectIdentifier();
        var parameters = algorithm.ReadSequence();
        var kdf = parameters.ReadSequence();
        var kdfOid = kdf.ReadObjectIdentifier();
        var kdfParams = kdf.ReadSequence();
        var encryption = parameters.ReadEncodedValue();
        var data = info.ReadEncodedValue();

        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            using (w.PushSequence())
            {
                w.WriteObjectIdentifier(pbes2);
                using (w.PushSequence())
                {
                    using (w.PushSequence())
                    {
                        w.WriteObjectIdentifier(kdfOid);
                        using (w.PushSequence())
                        {
                            kdfParameters(kdfOid, kdfParams, w);
                            while (kdfParams.HasData) w.WriteEncodedValue(kdfParams.ReadEncodedValue().Span);
                        }
                    }
                    w.WriteEncodedValue(encryption.Span);
                }
            }
            w.WriteEncodedValue(data.Span);
        }
        return PemEncoding.WriteString("ENCRYPTED PRIVATE KEY", w.Encode()) + "\n";
    }
}
