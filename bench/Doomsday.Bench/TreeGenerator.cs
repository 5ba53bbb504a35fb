using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Doomsday.Bench;

/// <summary>
/// Writes a tree of PEM files, one certificate each, in nested directories (10 per level of
/// 1,000 files, 100 files per leaf). Fast on purpose: a handful of keys are reused and every
/// certificate is signed by one of a few EC CAs (ECDSA signing is cheap), while subjects,
/// serials, dates, SANs and subject key types (EC and RSA) vary. A marker file records what was
/// written so a second run reuses the tree.
/// </summary>
internal static class TreeGenerator
{
    private const string Marker = ".doomsday-bench-tree";
    private const int MarkerVersion = 1;

    public static IReadOnlyList<string> Ensure(string root, int files)
    {
        var marker = Path.Combine(root, Marker);
        var expected = $"v{MarkerVersion} files={files}";
        if (File.Exists(marker) && File.ReadAllText(marker).Trim() == expected)
        {
            Console.WriteLine($"tree: reusing {files:N0} files under {root}");
            return Enumerate(root);
        }
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        Directory.CreateDirectory(root);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        Generate(root, files);
        File.WriteAllText(marker, expected + "\n");
        Console.WriteLine($"tree: generated {files:N0} files under {root} in {sw.Elapsed.TotalSeconds:F1} s");
        return Enumerate(root);
    }

    public static string PathOf(string root, int i) =>
        Path.Combine(root, $"d{i / 10_000 % 100:D2}", $"d{i / 100 % 100:D2}", $"cert-{i:D6}{(i % 3 == 0 ? ".pem" : ".crt")}");

    private static IReadOnlyList<string> Enumerate(string root)
    {
        var list = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(p => !p.EndsWith(Marker, StringComparison.Ordinal))
            .ToList();
        list.Sort(StringComparer.Ordinal);
        return list;
    }

    private static void Generate(string root, int files)
    {
        var cas = Enumerable.Range(0, 3).Select(i =>
        {
            var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var name = new X500DistinguishedName($"CN=bench-ca-{i},O=Doomsday Bench");
            return (Key: key, Name: name, Generator: X509SignatureGenerator.CreateForECDsa(key));
        }).ToArray();
        AsymmetricAlgorithm[] subjectKeys =
        [
            ECDsa.Create(ECCurve.NamedCurves.nistP256),
            ECDsa.Create(ECCurve.NamedCurves.nistP256),
            ECDsa.Create(ECCurve.NamedCurves.nistP384),
            RSA.Create(2048),
        ];
        for (var d = 0; d < (files + 99) / 100; d++)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(PathOf(root, d * 100))!);
        }
        var baseTime = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        // The platform key objects are not documented as thread-safe for signing; give each
        // worker its own copies, imported from the shared keys.
        Parallel.For(0, Environment.ProcessorCount, worker =>
        {
            var localCas = cas.Select(c =>
            {
                var k = ECDsa.Create();
                k.ImportParameters(c.Key.ExportParameters(true));
                return (c.Name, Generator: X509SignatureGenerator.CreateForECDsa(k));
            }).ToArray();
            var localKeys = subjectKeys.Select(Clone).ToArray();
            var pem = new StringBuilder(2048);
            for (var i = worker; i < files; i += Environment.ProcessorCount)
            {
                var ca = localCas[i % localCas.Length];
                var subject = new X500DistinguishedName($"CN=svc-{i}.bench.internal,OU=team-{i % 37},O=Doomsday Bench");
                var key = localKeys[i % localKeys.Length];
                var req = key switch
                {
                    RSA r => new CertificateRequest(subject, r, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
                    ECDsa e => new CertificateRequest(subject, e, HashAlgorithmName.SHA256),
                    _ => throw new InvalidOperationException(),
                };
                var sans = new SubjectAlternativeNameBuilder();
                sans.AddDnsName($"svc-{i}.bench.internal");
                sans.AddDnsName($"svc-{i}.default.svc");
                if (i % 4 == 0) sans.AddIpAddress(new System.Net.IPAddress([10, (byte)(i >> 16), (byte)(i >> 8), (byte)i]));
                req.CertificateExtensions.Add(sans.Build());
                req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
                req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
                req.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(req.PublicKey, false));
                // Dates spread from long expired to years ahead so every severity shows up.
                var notBefore = baseTime.AddHours(-(i % 20_000));
                var notAfter = notBefore.AddDays(30 + i % 1_500);
                var serial = BitConverter.GetBytes((long)i * 2_654_435_761L + 1);
                Array.Reverse(serial);
                serial[0] &= 0x7f;
                if (serial[0] == 0) serial[0] = 1;
                var cert = req.Create(ca.Name, ca.Generator, notBefore, notAfter, serial);
                pem.Clear();
                pem.Append(PemEncoding.Write("CERTIFICATE", cert.RawData)).Append('\n');
                File.WriteAllText(PathOf(root, i), pem.ToString());
                cert.Dispose();
            }
        });
    }

    private static AsymmetricAlgorithm Clone(AsymmetricAlgorithm key)
    {
        switch (key)
        {
            case RSA r:
                var rc = RSA.Create();
                rc.ImportParameters(r.ExportParameters(true));
                return rc;
            case ECDsa e:
                var ec = ECDsa.Create();
                ec.ImportParameters(e.ExportParameters(true));
                return ec;
            default:
                throw new InvalidOperationException();
        }
    }
}
