using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Doomsday.Cli.Tests.Support;

namespace Doomsday.Cli.Tests.Commands.Scan;

/// <summary>
/// A certificate whose subject carries terminal escape sequences (retitle the window, clear the screen) in a file
/// whose name holds a newline (a forged line): every human output shows them escaped, never raw.
/// </summary>
public sealed class ScanCommandEscapeTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2030, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private const string Hostile = "evil\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202e";
    private readonly TempDir _dir = new();
    private readonly string _file;

    public ScanCommandEscapeTests()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var name = new X500DistinguishedNameBuilder();
        name.AddCommonName(Hostile);
        var request = new CertificateRequest(name.Build(), key, HashAlgorithmName.SHA256);
        using var cert = request.CreateSelfSigned(Now.AddDays(-400), Now.AddDays(-3));
        _file = _dir.Combine("bad\nfake line.pem");
        File.WriteAllText(_file, cert.ExportCertificatePem() + "\n");
    }

    public void Dispose() => _dir.Dispose();

    private static void AssertNoRawControl(string text)
    {
        Assert.DoesNotContain('\u001b', text);
        Assert.DoesNotContain('\u0007', text);
        Assert.DoesNotContain('\u009b', text);
        Assert.DoesNotContain('\u202e', text);
        Assert.DoesNotContain("\nfake line", text);
    }

    [Fact]
    public async Task Scan_HostileSubjectAndFileName_TableShowsThemEscapedOnOneLine()
    {
        var run = await CliRun.RunOnTerminalAsync(Now, 200, _ => null, "scan", "--no-color", _dir.Path);

        AssertNoRawControl(run.Out);
        var row = Assert.Single(run.Out.Split('\n'), l => l.StartsWith("evil", StringComparison.Ordinal));
        Assert.Contains(@"evil\x1b]0;pwned\x07\x1b[2J\x9b31m\u202e", row);
        Assert.Contains(@"bad\nfake line.pem", row);
        Assert.Contains("expired", row);
    }

    [Theory]
    [InlineData("table")]
    [InlineData("markdown")]
    public async Task Doctor_HostileSubject_ReportShowsItEscaped(string output)
    {
        var run = await CliRun.RunAsync(Now, "doctor", "--no-color", "-o", output, _dir.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("certificate-expired", run.Out);
        Assert.Contains(@"\x1b]0;pwned\x07", run.Out);
        AssertNoRawControl(run.Out);
    }
}
