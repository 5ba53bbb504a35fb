using System.Text.Json;
using Doomsday.Cli.Tests.Support;

namespace Doomsday.Cli.Tests.Commands.Scan;

/// <summary>
/// <c>doomsday scan</c> as a real process against files made to hurt it: each used to hang it, crash it with a
/// stack overflow or a stack trace, or burn minutes of CPU. Every run is bounded: past the deadline the process
/// is killed and the test fails.
/// </summary>
public sealed class ScanCommandHostileInputTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static JsonElement Errors(CliResult r)
    {
        Assert.DoesNotContain("   at ", r.Error);
        using var doc = JsonDocument.Parse(r.Stdout);
        return doc.RootElement.GetProperty("errors").Clone();
    }

    private static JsonElement Certificates(CliResult r)
    {
        using var doc = JsonDocument.Parse(r.Stdout);
        return doc.RootElement.GetProperty("certificates").Clone();
    }

    private string Fifo(string name)
    {
        var path = _dir.Combine(name);
        using var mkfifo = System.Diagnostics.Process.Start(ChildProcess.Find("mkfifo", "/usr/bin/mkfifo", "/bin/mkfifo"), [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }

    /// <summary>A kubeconfig whose certificate-authority names a FIFO hung scan forever.</summary>
    [Fact]
    public async Task Scan_KubeconfigWhoseCertificateAuthorityIsAFifo_FinishesWithThatFieldsError()
    {
        Fifo("ca.crt");
        var good = TestCertificates.WritePem(_dir.Combine("good-ca.crt"), "good-ca", Now.AddDays(-1), Now.AddDays(400));
        var kubeconfig = _dir.File("config", $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: hung
              cluster: {server: https://10.0.0.1:6443, certificate-authority: ca.crt}
            - name: fine
              cluster: {server: https://10.0.0.2:6443, certificate-authority: {{good}}}
            """);

        var r = await DoomsdayProcess.RunAsync(Deadline, "scan", "--kubeconfig", kubeconfig, "-o", "json");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal("good-ca", Assert.Single(Certificates(r).EnumerateArray()).GetProperty("subjectCN").GetString());
        var error = Assert.Single(Errors(r).EnumerateArray());
        Assert.Equal("no_certificate_found", error.GetProperty("reason").GetString());
    }

    /// <summary>An encrypted key with 2^31-1 PBKDF2 rounds beside a certificate held scan at 100 % CPU for minutes.</summary>
    [Fact]
    public async Task Scan_EncryptedKeyWithTwoToThe31Rounds_KdfLimitAndTheCertificateRead()
    {
        using var cert = CertFactory.Create(new CertSpec { Subject = "CN=beside-key", KeyType = "p256", NotBefore = Now.AddDays(-1), NotAfter = Now.AddDays(400) });
        var key = EncryptedKeys.WithPbkdf2Iterations(EncryptedKeys.Openssl(CertFactory.KeyPem(cert), "pw", "-v2", "aes-256-cbc", "-iter", "2048"), int.MaxValue);
        _dir.File("tls/tls.crt", CertFactory.CertPem(cert) + key);

        var r = await DoomsdayProcess.RunAsync(Deadline, new Dictionary<string, string> { ["DOOMSDAY_PASSPHRASE"] = "pw" }, "scan", _dir.Combine("tls"), "-o", "json");

        Assert.Equal(0, r.ExitCode);
        Assert.Single(Certificates(r).EnumerateArray());
        Assert.Equal("kdf_limit", Assert.Single(Errors(r).EnumerateArray()).GetProperty("reason").GetString());
    }

    /// <summary>60,000 nested '[' in a kubeconfig-looking file killed scan with a stack overflow (exit 134).</summary>
    [Fact]
    public async Task Scan_DirectoryWithSixtyThousandNestedBrackets_YamlLimitAndTheRestRead()
    {
        _dir.File("etc/admin.conf", "apiVersion: v1\nkind: Config\nclusters: " + new string('[', 60_000) + "\n");
        TestCertificates.WritePem(_dir.Combine("etc", "a.crt"), "a", Now.AddDays(-1), Now.AddDays(400));

        var r = await DoomsdayProcess.RunAsync(Deadline, "scan", _dir.Combine("etc"), "-o", "json");

        Assert.Equal(0, r.ExitCode);
        Assert.Single(Certificates(r).EnumerateArray());
        Assert.Equal("yaml_limit", Assert.Single(Errors(r).EnumerateArray()).GetProperty("reason").GetString());
    }

    /// <summary>--max-file-size 3G and a 1.9 GB file: an int overflow gave a stack trace, truncated JSON and exit 1.</summary>
    [Fact]
    public async Task Scan_FileOfOnePointNineGigabytesWithMaxFileSize3G_CompleteJson()
    {
        var big = _dir.Combine("big.bin");
        using (var f = File.Create(big)) f.SetLength(1_900_000_000); // sparse: no disk used

        // 1.9 GB go through memory (read once, cleared once): a longer deadline for a loaded machine, and a source
        // timeout above it (the default 2m abandons the read as "timeout" when the machine is busy).
        var r = await DoomsdayProcess.RunAsync(TimeSpan.FromMinutes(5), "scan", big, "--max-file-size", "3G", "--source-timeout", "5m", "-o", "json");

        Assert.Equal(3, r.ExitCode); // read whole, and no certificate in it
        Assert.Equal("no_certificate_found", Assert.Single(Errors(r).EnumerateArray()).GetProperty("reason").GetString());
    }

    /// <summary>
    /// A file name that is not UTF-8 was reported not_found and its certificate never read. It is read; the JSON
    /// path shows U+FFFD for the byte that is not text, and pathBase64 gives the exact name back.
    /// </summary>
    [Fact]
    public async Task Scan_FileNameThatIsNotUtf8_ReadAndItsExactBytesInTheJson()
    {
        var source = TestCertificates.WritePem(_dir.Combine("src.pem"), "latin1", Now.AddDays(-1), Now.AddDays(400));
        var root = _dir.Dir("names");
        using (var sh = System.Diagnostics.Process.Start("/bin/sh", ["-c", "cp \"$2\" \"$1/$(printf 'caf\\351.crt')\"", "sh", root, source]))
        {
            await sh.WaitForExitAsync();
            Assert.Equal(0, sh.ExitCode);
        }

        var r = await DoomsdayProcess.RunAsync(Deadline, "scan", root, "-o", "json");

        Assert.Equal(0, r.ExitCode);
        Assert.Empty(Errors(r).EnumerateArray());
        var found = Assert.Single(Certificates(r).EnumerateArray()).GetProperty("source");
        Assert.Equal(root + "/caf\uFFFD.crt", found.GetProperty("path").GetString());
        Assert.Equal([.. System.Text.Encoding.UTF8.GetBytes(root + "/caf"), 0xE9, .. ".crt"u8.ToArray()], found.GetProperty("pathBase64").GetBytesFromBase64());
    }

    /// <summary>
    /// --cluster runs a kubeconfig's exec credential plugin, as kubectl does (documented); --no-exec-plugins refuses
    /// it: the context is an exec_plugin_refused error and the program never runs.
    /// </summary>
    [Fact]
    public async Task Scan_ClusterWhoseUserHasAnExecPlugin_RunUnlessNoExecPlugins()
    {
        var marker = _dir.Combine("plugin-ran");
        var plugin = _dir.File("aws-plugin", $"#!/bin/sh\ntouch {marker}\n");
        if (OperatingSystem.IsLinux()) File.SetUnixFileMode(plugin, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var closed = TcpPorts.Closed(); // no API server listens there until the test ends
        var kubeconfig = _dir.File("config", $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: eks
              cluster: {server: "https://127.0.0.1:{{closed.Port}}"}
            users:
            - name: aws
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1beta1
                  command: {{plugin}}
                  args: ["get-token"]
            contexts:
            - name: eks
              context: {cluster: eks, user: aws}
            current-context: eks
            """);

        var refused = await DoomsdayProcess.RunAsync(Deadline, "scan", "--kubeconfig", kubeconfig, "--cluster", "--no-exec-plugins", "-o", "json");
        var markerAfterRefusal = File.Exists(marker);
        var ran = await DoomsdayProcess.RunAsync(Deadline, "scan", "--kubeconfig", kubeconfig, "--cluster", "-o", "json");

        Assert.False(markerAfterRefusal);
        var error = Assert.Single(Errors(refused).EnumerateArray());
        Assert.Equal("exec_plugin_refused", error.GetProperty("reason").GetString());
        Assert.Contains($"'{plugin}'", error.GetProperty("message").GetString());
        Assert.DoesNotContain("get-token", error.GetProperty("message").GetString());
        Assert.True(File.Exists(marker), ran.Stdout + ran.Error);
    }
}
