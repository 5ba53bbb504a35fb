using System.Security.Cryptography.X509Certificates;
using Doomsday.Core.Formats;
using Doomsday.Core.Inventory;
using Doomsday.Core.Tests.Support;

namespace Doomsday.Core.Tests.Formats;

/// <summary>
/// Encrypted keys are capped as PKCS#12 is: the key-derivation parameters are read before anything is
/// decrypted. Keys written by openssl; the ones beyond the limits re-encoded from them (see EncryptedKeys).
/// </summary>
public sealed class KdfLimitsTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly X509Certificate2 _cert = CertFactory.Create(new CertSpec { Subject = "CN=kdf", KeyType = "p256" });

    public void Dispose() => _cert.Dispose();

    private string OpensslKey(params string[] options) => EncryptedKeys.Openssl(CertFactory.KeyPem(_cert), "pw", options);

    private static Task<DecodeResult> DecodeAsync(string text, params string[] passphrases) =>
        Task.Run(() => CertificateDecoder.Decode(System.Text.Encoding.ASCII.GetBytes(text), passphrases)).WaitAsync(Deadline);

    [Fact]
    public void MaxIterations_IsDotNetsOwnPkcs12Default()
    {
        Assert.Equal(Pkcs12LoaderLimits.Defaults.IndividualKdfIterationLimit, KdfLimits.MaxIterations);
    }

    /// <summary>
    /// 2^31-1 PBKDF2 rounds beside a certificate held scan at 100 % CPU for many minutes (and watch's inventory
    /// with it). The key is refused unread, kdf_limit; the certificate is still decoded. Bounded by a deadline so
    /// that a regression fails instead of burning the CPU.
    /// </summary>
    [Fact]
    public async Task Decode_KeyWithTwoToThe31Pbkdf2Rounds_RefusedBeforeDecryptingCertificateStillRead()
    {
        var key = EncryptedKeys.WithPbkdf2Iterations(OpensslKey("-v2", "aes-256-cbc", "-v2prf", "hmacWithSHA256", "-iter", "2048"), int.MaxValue);

        var result = await DecodeAsync(CertFactory.CertPem(_cert) + key, "pw", "other");

        Assert.Equal("kdf", Assert.Single(result.Certificates).Info.SubjectCommonName);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(ReasonCodes.KdfLimit, problem.Reason);
        Assert.Contains("2147483647 PBKDF2 iterations, over the 300000 allowed", problem.Message);
        Assert.Null(result.KeyMatches(result.Certificates[0].Info));
    }

    [Fact]
    public void Check_IterationsAtTheLimit_AcceptedOneMore_Refused()
    {
        var written = OpensslKey("-v2", "aes-256-cbc", "-iter", "2048");
        static ReadOnlyMemory<byte> Der(string pem) => Convert.FromBase64String(string.Concat(pem.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal))));

        Assert.Null(KdfLimits.Check(Der(EncryptedKeys.WithPbkdf2Iterations(written, KdfLimits.MaxIterations)), out var cost));
        Assert.Equal(KdfLimits.MaxIterations, cost);
        Assert.NotNull(KdfLimits.Check(Der(EncryptedKeys.WithPbkdf2Iterations(written, KdfLimits.MaxIterations + 1)), out _));
        Assert.NotNull(KdfLimits.Check(Der(EncryptedKeys.WithPbkdf2Iterations(written, System.Numerics.BigInteger.Pow(2, 80))), out _));
    }

    [Fact]
    public async Task Decode_OpensslKeyWithinTheLimit_DecryptsAndMatches()
    {
        var key = OpensslKey("-v2", "aes-256-cbc", "-v2prf", "hmacWithSHA256", "-iter", "2048");

        var result = await DecodeAsync(CertFactory.CertPem(_cert) + key, "pw");

        Assert.Empty(result.Problems);
        Assert.True(result.KeyMatches(Assert.Single(result.Certificates).Info));
    }

    /// <summary>openssl's own scrypt default (N=16384, r=8, p=1: 16 MiB) is within the limit; N=2^20 (1 GiB) is not.</summary>
    [Fact]
    public async Task Decode_ScryptKeyOverTheMemoryLimit_Refused()
    {
        var written = OpensslKey("-scrypt");
        var huge = EncryptedKeys.WithScrypt(written, 1 << 20, 8, 1);

        var ordinary = await DecodeAsync(CertFactory.CertPem(_cert) + written, "pw");
        var refused = await DecodeAsync(CertFactory.CertPem(_cert) + huge, "pw");

        Assert.DoesNotContain(ordinary.Problems, p => p.Reason == ReasonCodes.KdfLimit);
        var problem = Assert.Single(refused.Problems);
        Assert.Equal(ReasonCodes.KdfLimit, problem.Reason);
        Assert.Contains("1024 MiB", problem.Message);
    }

    /// <summary>
    /// Many encrypted keys in one file share one budget: each passphrase tried on each key is charged before it
    /// runs. The keys use an HMAC (SHA-224) the decryptor refuses at once, so the attempts cost nothing here.
    /// </summary>
    [Fact]
    public async Task Decode_ManyKeysInOneFile_RefusedPastTheFileBudget()
    {
        var key = OpensslKey("-v2", "aes-256-cbc", "-v2prf", "hmacWithSHA224", "-iter", KdfLimits.MaxIterations.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var keys = (int)(KdfLimits.MaxIterationsPerFile / KdfLimits.MaxIterations);

        var result = await DecodeAsync(string.Concat(Enumerable.Repeat(key, keys + 1)));

        Assert.Equal(keys + 1, result.Keys.Count);
        var problem = Assert.Single(result.Problems);
        Assert.Equal((ReasonCodes.KdfLimit, $"encrypted private key #{keys} not decrypted"), (problem.Reason, problem.Message[..problem.Message.IndexOf(':')]));
    }

    /// <summary>A PKCS#12 over .NET's iteration limit was bad_pkcs12; it is the same refusal as for a key.</summary>
    [Fact]
    public async Task Decode_Pkcs12OverTheIterationLimit_KdfLimit()
    {
        using var dir = new TempDir();
        var cert = dir.File("c.pem", CertFactory.CertPem(_cert));
        var keyFile = dir.File("k.pem", CertFactory.KeyPem(_cert));
        var p12 = dir.Combine("c.p12");
        Openssl.Run("pkcs12", "-export", "-in", cert, "-inkey", keyFile, "-out", p12, "-passout", "pass:pw", "-iter", (KdfLimits.MaxIterations + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));

        var result = await Task.Run(() => CertificateDecoder.Decode(File.ReadAllBytes(p12), ["pw"])).WaitAsync(Deadline);

        Assert.Equal(ReasonCodes.KdfLimit, Assert.Single(result.Problems).Reason);
    }
}
