using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Win32.SafeHandles;

namespace Doomsday.Bench;

/// <summary>What the scan is compared with: reading the files, and loading them with common tools.</summary>
internal static class Baselines
{
    /// <summary>
    /// The floor: walk the tree and read every byte on all cores, doing nothing with it.
    /// Enumeration is included because a scanner must walk too; process start is not.
    /// </summary>
    public static Rate ReadOnly(string root)
    {
        var sw = Stopwatch.StartNew();
        long bytes = 0, files = 0;
        var paths = Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 });
        Parallel.ForEach(paths,
            () => (Bytes: 0L, Files: 0L, Buffer: new byte[64 * 1024]),
            (path, _, local) =>
            {
                using SafeFileHandle h = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                long offset = 0;
                int n;
                while ((n = RandomAccess.Read(h, local.Buffer, offset)) > 0) offset += n;
                return (local.Bytes + offset, local.Files + 1, local.Buffer);
            },
            local =>
            {
                Interlocked.Add(ref bytes, local.Bytes);
                Interlocked.Add(ref files, local.Files);
            });
        sw.Stop();
        return new Rate(files, sw.Elapsed, $"{bytes / 1024.0 / 1024.0:F1} MiB read");
    }

    /// <summary>The plain loop people write first: one thread, one X509Certificate2 per file.</summary>
    public static Rate X509Certificate2Loop(IReadOnlyList<string> sample)
    {
        var sw = Stopwatch.StartNew();
        long checksum = 0;
        foreach (var path in sample)
        {
            using var cert = X509CertificateLoader.LoadCertificateFromFile(path);
            checksum += cert.NotAfter.Ticks + cert.Subject.Length;
        }
        sw.Stop();
        return new Rate(sample.Count, sw.Elapsed, checksum == 0 ? "?" : "single thread");
    }

    /// <summary>
    /// Python's <c>cryptography</c> over the same sample, timed inside Python (interpreter start
    /// excluded, which favours Python). Null when python3 or the module is missing.
    /// </summary>
    public static (Rate? Rate, string Note) PythonCryptography(IReadOnlyList<string> sample, string workDir)
    {
        var list = Path.Combine(workDir, "python-sample.txt");
        File.WriteAllLines(list, sample);
        const string script = """
            import sys, time
            try:
                from cryptography import x509
                import cryptography
            except ImportError:
                print("missing"); sys.exit(0)
            paths = [l.rstrip("\n") for l in open(sys.argv[1])]
            t = time.perf_counter(); n = 0
            for p in paths:
                with open(p, "rb") as f:
                    c = x509.load_pem_x509_certificate(f.read())
                n += c.not_valid_after_utc.year + len(c.subject.rfc4514_string())
            print(len(paths), time.perf_counter() - t, cryptography.__version__)
            """;
        var (code, stdout, stderr) = ProcessRunner.Capture("python3", ["-c", script, list]);
        if (code is null) return (null, "skipped: python3 not found");
        if (code != 0) return (null, $"skipped: python3 failed: {stderr.Trim()}");
        var parts = stdout.Trim().Split(' ');
        if (parts.Length < 2 || parts[0] == "missing") return (null, "skipped: python3 has no 'cryptography' module");
        var seconds = double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        return (new Rate(long.Parse(parts[0]), TimeSpan.FromSeconds(seconds), ""), $"cryptography {parts[2]}, single thread, interpreter start excluded");
    }

    /// <summary>A shell loop running <c>openssl x509</c> once per file: the common cron-job approach.</summary>
    public static (Rate? Rate, string Note) OpensslLoop(IReadOnlyList<string> sample, string workDir)
    {
        var list = Path.Combine(workDir, "openssl-sample.txt");
        File.WriteAllLines(list, sample);
        var sw = Stopwatch.StartNew();
        var (code, _, stderr) = ProcessRunner.Capture("/bin/sh",
            ["-c", "while IFS= read -r f; do openssl x509 -noout -enddate -subject -in \"$f\" >/dev/null || exit 1; done < \"$1\"", "sh", list]);
        sw.Stop();
        if (code is null) return (null, "skipped: /bin/sh not found");
        if (code != 0) return (null, $"skipped: openssl loop failed: {stderr.Trim()}");
        return (new Rate(sample.Count, sw.Elapsed, ""), "sh + openssl x509 -noout -enddate -subject");
    }
}
