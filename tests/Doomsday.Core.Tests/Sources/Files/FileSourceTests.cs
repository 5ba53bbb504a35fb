using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Files;
using Doomsday.Core.Tests.Support;

namespace Doomsday.Core.Tests.Sources.Files;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class FileSourceTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static CollectingSink Scan(ScanOptions options, params string[] paths)
    {
        var sink = new CollectingSink();
        new FileSource(new PathSelection(paths), options).CollectAsync(sink, CancellationToken.None).GetAwaiter().GetResult();
        return sink;
    }

    private static CollectingSink Scan(params string[] paths) => Scan(new ScanOptions(), paths);

    private static string Reason(CollectingSink sink) => Assert.Single(sink.Errors).Reason;

    [Fact]
    public void Collect_DirectoryWithCertificatesAndOtherFiles_ReportsCertificatesAndSkipsTheRestSilently()
    {
        using var cert = CertFactory.Create(new CertSpec { Subject = "CN=walked", KeyType = "p256" });
        _dir.File("pki/ca.crt", CertFactory.CertPem(cert));
        _dir.File("pki/readme.txt", "nothing to see");
        _dir.File("pki/script.sh", "#!/bin/sh\necho hi\n");
        _dir.File("pki/ca.key", CertFactory.KeyPem(cert));

        var sink = Scan(_dir.Path);

        Assert.Equal("walked", Assert.Single(sink.Certificates).Certificate.SubjectCommonName);
        Assert.Empty(sink.Errors);
    }

    /// <summary>
    /// A FIFO in a walked directory (nobody writes to it): opening it for reading would block until a writer
    /// came, and the scan with it. Opened non-blocking it reads as empty, next to a certificate that is found.
    /// Bounded by a deadline so that a regression fails instead of hanging the suite.
    /// </summary>
    [Fact]
    public async Task Collect_FifoBesideCertificates_DoesNotBlockAndReadsAsEmpty()
    {
        using var cert = CertFactory.Create(new CertSpec { Subject = "CN=beside-fifo", KeyType = "p256" });
        _dir.File("run/a.crt", CertFactory.CertPem(cert));
        using (var mkfifo = System.Diagnostics.Process.Start(ChildProcess.Find("mkfifo", "/usr/bin/mkfifo", "/bin/mkfifo"), [_dir.Combine("run/pipe.pem")]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }
        var sink = new CollectingSink();

        // CollectAsync works on the calling thread: run it on another so that the deadline can fire.
        await Task.Run(() => new FileSource(new PathSelection([_dir.Combine("run")]), new ScanOptions()).CollectAsync(sink, CancellationToken.None))
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("beside-fifo", Assert.Single(sink.Certificates).Certificate.SubjectCommonName);
        var error = Assert.Single(sink.Errors);
        Assert.Equal((ReasonCodes.NoCertificateFound, _dir.Combine("run/pipe.pem")), (error.Reason, ((FileSourceRef)error.Source).Path));
    }

    /// <summary>
    /// A kubeconfig-looking file of 60,000 nested '[' in a scanned directory crashed the process (stack overflow,
    /// exit 134). Now it is one yaml_limit error, and the certificate beside it is read.
    /// </summary>
    [Fact]
    public void Collect_DeeplyNestedKubeconfigBesideACertificate_YamlLimitAndTheCertificateIsRead()
    {
        using var cert = CertFactory.Create(new CertSpec { Subject = "CN=beside-bomb", KeyType = "p256" });
        _dir.File("etc/a.crt", CertFactory.CertPem(cert));
        var bomb = _dir.File("etc/admin.conf", "apiVersion: v1\nkind: Config\nclusters: " + new string('[', 60_000) + "\n");

        var sink = Scan(_dir.Combine("etc"));

        Assert.Equal("beside-bomb", Assert.Single(sink.Certificates).Certificate.SubjectCommonName);
        var error = Assert.Single(sink.Errors);
        Assert.Equal((ReasonCodes.YamlLimit, bomb), (error.Reason, ((FileSourceRef)error.Source).Path));
        Assert.StartsWith("line 3, column ", error.Message);
    }

    /// <summary>
    /// Names that are not UTF-8 (written here by the shell from octal escapes): .NET's listing turned them into
    /// U+FFFD and the files were reported not_found, never read. A file, a directory and a symlink so named are read.
    /// </summary>
    [Fact]
    public void Collect_NamesThatAreNotUtf8_ReadWithTheirExactBytes()
    {
        using var cert = CertFactory.Create(new CertSpec { Subject = "CN=latin1", KeyType = "p256" });
        var source = _dir.File("src.pem", CertFactory.CertPem(cert));
        var root = _dir.Dir("names");
        using (var sh = System.Diagnostics.Process.Start("/bin/sh", ["-c", "cd \"$1\" && cp \"$2\" \"$(printf 'caf\\351.crt')\" && mkdir \"$(printf 'd\\376')\" && cp \"$2\" \"$(printf 'd\\376/x.crt')\" && ln -s \"$(printf 'caf\\351.crt')\" \"$(printf 'l\\375.crt')\"", "sh", root, source]))
        {
            sh.WaitForExit();
            Assert.Equal(0, sh.ExitCode);
        }

        var sink = Scan(root);

        Assert.Empty(sink.Errors);
        var bytes = sink.Certificates.Select(c => FileNames.Encode(((FileSourceRef)c.Source).Path)!).Select(b => b[(root.Length + 1)..]).ToList();
        Assert.Equal([[(byte)'c', (byte)'a', (byte)'f', 0xE9, (byte)'.', (byte)'c', (byte)'r', (byte)'t'], [(byte)'d', 0xFE, (byte)'/', (byte)'x', (byte)'.', (byte)'c', (byte)'r', (byte)'t'], [(byte)'l', 0xFD, (byte)'.', (byte)'c', (byte)'r', (byte)'t']], bytes);
        Assert.All(sink.Certificates, c => Assert.Equal("latin1", c.Certificate.SubjectCommonName));
    }

    [Fact]
    public void Collect_NonCertificateFileNamedExplicitly_NoCertificateFound()
    {
        var file = _dir.File("readme.txt", "nothing to see");

        var sink = Scan(file);

        Assert.Empty(sink.Certificates);
        Assert.Equal(ReasonCodes.NoCertificateFound, Reason(sink));
    }

    [Fact]
    public void Collect_EmptyFile_SilentInWalkButReportedWhenNamedOrCertificateNamed()
    {
        var plain = _dir.File("walk/empty", "");
        _dir.File("walk2/empty.crt", "");

        var walked = Scan(_dir.Combine("walk"));
        var named = Scan(plain);
        var crtInWalk = Scan(_dir.Combine("walk2"));

        Assert.Empty(walked.Errors);
        Assert.Equal(ReasonCodes.NoCertificateFound, Reason(named));
        Assert.Contains("empty", named.Errors[0].Message);
        Assert.Equal(ReasonCodes.NoCertificateFound, Reason(crtInWalk));
    }

    [Fact]
    public void Collect_FileOverLimit_TooLarge()
    {
        using var cert = CertFactory.Create(new CertSpec { KeyType = "p256" });
        var file = _dir.File("big.pem", CertFactory.CertPem(cert));

        var sink = Scan(new ScanOptions { MaxFileSize = 100 }, file);

        Assert.Empty(sink.Certificates);
        Assert.Equal(ReasonCodes.TooLarge, Reason(sink));
        Assert.Contains("--max-file-size", sink.Errors[0].Message);
    }

    [Fact]
    public void Collect_MissingPath_NotFound()
    {
        var sink = Scan(_dir.Combine("absent.crt"));

        Assert.Equal(ReasonCodes.NotFound, Reason(sink));
        Assert.Equal(_dir.Combine("absent.crt"), ((FileSourceRef)sink.Errors[0].Source).Path);
    }

    [Fact]
    public void Collect_UnreadableFile_PermissionDenied()
    {
        using var cert = CertFactory.Create(new CertSpec { KeyType = "p256" });
        var locked = _dir.File("locked.crt", CertFactory.CertPem(cert));
        var open = _dir.File("open.crt", CertFactory.CertPem(cert));
        _dir.OpenToEveryone();
        File.SetUnixFileMode(locked, UnixFileMode.None);

        // As root the mode is ignored, so the scan runs with an unprivileged filesystem identity (see FsUid).
        var sink = FsUid.RunAsNobody(() => Scan(new ScanOptions { Parallelism = 1 }, locked, open));

        Assert.Equal(ReasonCodes.PermissionDenied, Reason(sink));
        Assert.Equal(locked, ((FileSourceRef)sink.Errors[0].Source).Path);
        Assert.Equal(open, ((FileSourceRef)Assert.Single(sink.Certificates).Source).Path);
    }

    [Fact]
    public void Collect_BundleAndCombinedFile_IndexesAndKeyMatch()
    {
        using var leaf = CertFactory.Create(new CertSpec { Subject = "CN=kubelet", KeyType = "p256" });
        using var ca = CertFactory.Create(new CertSpec { Subject = "CN=ca", KeyType = "p256" });
        var file = _dir.File("kubelet-client-current.pem", CertFactory.CertPem(leaf) + CertFactory.KeyPem(leaf) + CertFactory.CertPem(ca));

        var sink = Scan(file);

        Assert.Equal(["kubelet", "ca"], sink.Certificates.Select(c => c.Certificate.SubjectCommonName));
        Assert.Equal([0, 1], sink.Certificates.Select(c => ((FileSourceRef)c.Source).Index));
        Assert.Equal([true, false], sink.Certificates.Select(c => c.KeyMatches));
    }

    [Fact]
    public void Collect_MoreThanOneBatchInParallel_SameResultsAsSequential()
    {
        var certs = Enumerable.Range(0, 16).Select(i => CertFactory.Create(new CertSpec { Subject = $"CN=c{i}", KeyType = "p256" })).ToList();
        try
        {
            for (var i = 0; i < 1300; i++)
            {
                var sub = $"d{i % 9}/e{i % 4}";
                if (i % 50 == 7) _dir.File($"{sub}/junk{i:D4}.crt", "not a certificate");
                else if (i % 50 == 8) _dir.File($"{sub}/big{i:D4}.pem", new string('x', 5000));
                else if (i % 3 == 0) _dir.File($"{sub}/bundle{i:D4}.pem", CertFactory.CertPem(certs[i % 16]) + CertFactory.CertPem(certs[(i + 5) % 16]));
                else _dir.File($"{sub}/f{i:D4}.crt", certs[i % 16].RawData);
            }

            var sequential = Scan(new ScanOptions { Parallelism = 1, MaxFileSize = 4096 }, _dir.Path);
            var parallel = Scan(new ScanOptions { Parallelism = 4, MaxFileSize = 4096 }, _dir.Path);
            var again = Scan(new ScanOptions { Parallelism = 4, MaxFileSize = 4096 }, _dir.Path);

            static List<string> Lines(CollectingSink s) =>
                s.Certificates.Select(c => $"{c.Source.Display} {c.Certificate.FingerprintSha256}")
                    .Concat(s.Errors.Select(e => $"{e.Source.Display} {e.Reason}")).ToList();
            Assert.True(sequential.Certificates.Count > 1300, $"{sequential.Certificates.Count} certificates");
            Assert.Contains(sequential.Errors, e => e.Reason == ReasonCodes.TooLarge);
            Assert.Contains(sequential.Errors, e => e.Reason == ReasonCodes.NoCertificateFound);
            Assert.Equal(Lines(sequential), Lines(parallel));
            Assert.Equal(Lines(parallel), Lines(again));
            var paths = sequential.Certificates.Select(c => ((FileSourceRef)c.Source).Path).Distinct().ToList();
            Assert.Equal(paths.Order(StringComparer.Ordinal), paths);
        }
        finally
        {
            foreach (var c in certs) c.Dispose();
        }
    }
}
