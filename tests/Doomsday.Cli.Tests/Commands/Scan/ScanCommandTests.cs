using System.Text.Json;
using Doomsday.Cli.Tests.Support;

namespace Doomsday.Cli.Tests.Commands.Scan;

public sealed class ScanCommandTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2030, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] AllKinds = ["ok", "warning", "critical", "emergency", "expired", "future"];
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Writes <c>{kind}.pem</c> holding a certificate named <c>cert-{kind}</c>.</summary>
    private string Write(string kind)
    {
        var (notBefore, notAfter) = kind switch
        {
            "ok" => (Now.AddDays(-300), Now.AddDays(100)),
            "warning" => (Now.AddDays(-300), Now.AddDays(60)),
            "critical" => (Now.AddDays(-300), Now.AddDays(20)),
            "emergency" => (Now.AddDays(-300), Now.AddDays(3)),
            "expired" => (Now.AddDays(-400), Now.AddDays(-10)),
            "future" => (Now.AddDays(5), Now.AddDays(400)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        return TestCertificates.WritePem(_dir.Combine(kind + ".pem"), "cert-" + kind, notBefore, notAfter);
    }

    private string WriteAll()
    {
        foreach (var kind in AllKinds) Write(kind);
        return _dir.Path;
    }

    [Theory]
    [InlineData("ok", null, 0)]
    [InlineData("warning", null, 1)]
    [InlineData("warning", "critical", 0)]
    [InlineData("critical", null, 2)]
    [InlineData("critical", "critical", 2)]
    [InlineData("critical", "emergency", 0)]
    [InlineData("emergency", "emergency", 2)]
    [InlineData("emergency", "expired", 0)]
    [InlineData("expired", "expired", 2)]
    [InlineData("expired", "never", 0)]
    [InlineData("future", null, 2)]
    [InlineData("future", "expired", 2)]
    public async Task Scan_OneCertificate_ExitCodeFollowsSeverityAndFailOn(string kind, string? failOn, int expected)
    {
        var path = Write(kind);
        string[] args = failOn is null ? ["scan", path] : ["scan", path, "--fail-on", failOn];

        var result = await CliRun.RunAsync(Now, args);

        Assert.True(expected == result.ExitCode, $"exit {result.ExitCode}, expected {expected}\n{result.Out}{result.Error}");
    }

    [Fact]
    public async Task Scan_AllSeverities_WorstDecidesExitCode()
    {
        var result = await CliRun.RunAsync(Now, "scan", WriteAll());

        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public async Task Scan_CustomThresholds_ChangeTheSeverity()
    {
        var path = Write("warning"); // 60 days left

        var result = await CliRun.RunAsync(Now, "scan", path, "--warning", "30d", "--critical", "10d", "--emergency", "1d");

        Assert.Equal(0, result.ExitCode);
    }

    [Theory]
    [InlineData("--warning", "9x", "--warning")]
    [InlineData("--critical", "soon", "--critical")]
    [InlineData("--timeout", "", "--timeout")]
    [InlineData("--output", "yaml", "--output")]
    [InlineData("--fail-on", "sometimes", "--fail-on")]
    [InlineData("--max-file-size", "huge", "--max-file-size")]
    public async Task Scan_BadFlagValue_ExitsThreeAndNamesTheFlag(string flag, string value, string named)
    {
        var path = Write("ok");

        var result = await CliRun.RunAsync(Now, "scan", path, flag, value);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains(named, result.Error);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task Scan_ThresholdsOutOfOrder_ExitsThree()
    {
        var path = Write("ok");

        var result = await CliRun.RunAsync(Now, "scan", path, "--warning", "1d", "--critical", "30d");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("warning threshold", result.Error);
    }

    [Fact]
    public async Task Scan_UnknownFlag_ExitsThree()
    {
        var result = await CliRun.RunAsync(Now, "scan", Write("ok"), "--no-such-flag");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("--no-such-flag", result.Error);
    }

    [Fact]
    public async Task Scan_NothingReadable_ExitsThreeAndListsTheReason()
    {
        File.WriteAllText(_dir.Combine("garbage.pem"), "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");
        File.WriteAllText(_dir.Combine("notes.txt"), "hello");

        var result = await CliRun.RunAsync(Now, "scan", "--no-color", _dir.Path);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("garbage.pem", result.Out);
        Assert.Contains("0 certificates", result.Out);
    }

    /// <summary>docs/exit-codes.md: exit code 3, "the message is on stderr", whatever the output format.</summary>
    [Theory]
    [InlineData("table")]
    [InlineData("json")]
    [InlineData("prometheus")]
    public async Task Scan_MissingPaths_ExitsThreeWithTheReasonOnStderr(string output)
    {
        var result = await CliRun.RunAsync(Now, "scan", "-o", output, _dir.Combine("gone.pem"), _dir.Combine("also-gone.pem"));

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("doomsday scan: no certificate could be read (2 not_found)\n", result.Error);
    }

    [Fact]
    public async Task Scan_OnlyFilesWithoutCertificates_ExitsThreeAndSaysSo()
    {
        File.WriteAllText(_dir.Combine("notes.txt"), "hello");

        var result = await CliRun.RunAsync(Now, "scan", _dir.Combine("notes.txt"));

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("doomsday scan: no certificate", result.Error);
    }

    [Fact]
    public async Task Scan_Table_ShowsKubeadmResidualTimesWorstFirst()
    {
        var result = await CliRun.RunAsync(Now, "scan", "--no-color", WriteAll());

        var lines = result.Out.Split('\n');
        string Row(string kind) => Assert.Single(lines, l => l.Contains("cert-" + kind + " ") && !l.Contains("next expiry"));
        Assert.Matches(@"\s100d\s", Row("ok"));
        Assert.Matches(@"\s60d\s", Row("warning"));
        Assert.Matches(@"\s20d\s", Row("critical"));
        Assert.Matches(@"\s3d\s", Row("emergency"));
        Assert.Matches(@"\s-10d\s", Row("expired"));
        Assert.Matches(@"\s1y\s", Row("future"));
        Assert.Contains("Jun 04, 2030 12:00 UTC", Row("emergency")); // kubeadm's date format
        string[] worstFirst = ["expired", "future", "emergency", "critical", "warning", "ok"];
        var positions = worstFirst.Select(k => Array.IndexOf(lines, Row(k))).ToList();
        Assert.Equal(positions.Order(), positions);
        Assert.Contains("6 certificates", result.Out);
        Assert.DoesNotContain("\u001b[", result.Out); // --no-color
    }

    [Fact]
    public async Task Scan_JsonOutput_ParsesAndAgreesWithExitCode()
    {
        var result = await CliRun.RunAsync(Now, "scan", "-o", "json", "--fail-on", "critical", WriteAll());

        using var doc = JsonDocument.Parse(result.Stdout);
        var root = doc.RootElement;
        Assert.Equal(6, root.GetProperty("certificates").GetArrayLength());
        var summary = root.GetProperty("summary");
        Assert.Equal("expired", summary.GetProperty("worst").GetString());
        Assert.Equal(result.ExitCode, summary.GetProperty("exitCode").GetInt32());
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(1, summary.GetProperty("bySeverity").GetProperty("not_yet_valid").GetInt32());
        Assert.Equal(Now, root.GetProperty("generatedAt").GetDateTimeOffset());
        var severities = root.GetProperty("certificates").EnumerateArray()
            .ToDictionary(c => c.GetProperty("subjectCN").GetString()!, c => c.GetProperty("severity").GetString());
        Assert.Equal("emergency", severities["cert-emergency"]);
        Assert.Equal("not_yet_valid", severities["cert-future"]);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task Scan_PrometheusOutput_PassesPromtool()
    {
        File.WriteAllText(_dir.Combine("garbage.pem"), "-----BEGIN CERTIFICATE-----\n!!\n-----END CERTIFICATE-----\n");

        var result = await CliRun.RunAsync(Now, "scan", "--output", "prometheus", WriteAll());

        Assert.Equal(2, result.ExitCode);
        var (code, output) = Promtool.CheckMetrics(result.Stdout);
        Assert.True(code == 0, output + "\n" + result.Stdout);
        var notAfter = result.Stdout.Split('\n').Where(l => l.StartsWith("x509_cert_not_after{")).ToList();
        Assert.Equal(6, notAfter.Count);
        Assert.Contains(notAfter, l => l.Contains("subject_CN=\"cert-expired\"") && l.EndsWith(" " + Now.AddDays(-10).ToUnixTimeSeconds()));
        Assert.Contains("x509_read_errors 1\n", result.Stdout);
        Assert.Contains("x509_cert_expired{", result.Stdout);
        Assert.DoesNotContain("x509_cert_error", result.Stdout); // the exporter's exposePerCertError is off by default
    }

    [Fact]
    public async Task Scan_PrometheusWithExposePerCertError_CertErrorPerCertificateAndPerFailedPlace()
    {
        File.WriteAllText(_dir.Combine("garbage.pem"), "-----BEGIN CERTIFICATE-----\n!!\n-----END CERTIFICATE-----\n");

        var result = await CliRun.RunAsync(Now, "scan", "--output", "prometheus", "--expose-per-cert-error", WriteAll());

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(0, Promtool.CheckMetrics(result.Stdout).ExitCode);
        var lines = result.Stdout.Split('\n').Where(l => l.StartsWith("x509_cert_error{")).ToList();
        Assert.Equal(6, lines.Count(l => l.EndsWith(" 0")));
        Assert.Contains(lines, l => l.Contains("filename=\"garbage.pem\"") && l.EndsWith(" 1"));
    }

    [Fact]
    public async Task Scan_ExposePerCertErrorWithoutPrometheus_InputError()
    {
        var result = await CliRun.RunAsync(Now, "scan", "--output", "json", "--expose-per-cert-error", WriteAll());

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("doomsday scan: --expose-per-cert-error applies to -o prometheus only", result.Error.Trim());
        Assert.Empty(result.Stdout);
    }
}
