using System.Text.RegularExpressions;
using Doomsday.Cli.Rendering;
using Doomsday.Cli.Tests.Support;

namespace Doomsday.Cli.Tests.Rendering;

/// <summary>scan's table over the demo's certificates, on terminals of several widths and in a pipe.</summary>
public sealed partial class ScanTableRendererTests(DemoTree demo) : IClassFixture<DemoTree>
{
    private static readonly Func<string, string?> NoEnv = _ => null;

    [GeneratedRegex("\u001b\\[[0-9;]*m")]
    private static partial Regex Sgr();

    // A row: a name, a residual time and a status word, so a cell wrapped onto a line of its own would not pass.
    [GeneratedRegex(@"^\S.*\s-?\d+[smhdy]\s.*\b(ok|warning|critical|emergency|expired|not yet valid)(,|\s|$)")]
    private static partial Regex Row();

    private static string[] Lines(string output) => Sgr().Replace(output, "").TrimEnd('\n').Split('\n');

    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    [InlineData(200)]
    public async Task Render_TerminalWidth_EveryRowOneLineNoneWiderAndFewerLinesThanCertificates(int width)
    {
        var run = await CliRun.RunOnTerminalAsync(DemoTree.Now, width, NoEnv, demo.ScanArgs());

        Assert.Contains("\u001b[", run.Out); // colours on a terminal
        var lines = Lines(run.Out);
        Assert.All(lines, l => Assert.True(TextWidth.Of(l) <= width, $"{TextWidth.Of(l)} columns > {width}: {l}"));
        var summary = Array.FindIndex(lines, l => Regex.IsMatch(l, @"^\d+ certificates"));
        Assert.True(summary > 0, run.Out);
        var table = lines[..summary].Where(l => l.Length > 0 && !l.StartsWith("CERTIFICATE", StringComparison.Ordinal)).ToList();
        Assert.All(table, l => Assert.Matches(Row(), l));
        Assert.Equal(DemoTree.Distinct, table.Count);
        Assert.True(lines.Length < DemoTree.Places + 2, $"{lines.Length} lines for {DemoTree.Places} certificates:\n{string.Join('\n', lines)}");
        Assert.StartsWith($"{DemoTree.Distinct} certificates in {DemoTree.Places} places: 1 expired, 2 emergency", lines[summary]);
        // What must never be cut: names and times.
        Assert.Contains(lines, l => l.StartsWith("apiserver-kubelet-client ", StringComparison.Ordinal));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^ca\s.*\s\d+y\s.*\(\+5 more\)$"));
    }

    [Theory]
    [InlineData(24)]
    [InlineData(40)]
    [InlineData(60)]
    public async Task Render_NarrowTerminal_NoLineWiderThanIt(int width)
    {
        var run = await CliRun.RunOnTerminalAsync(DemoTree.Now, width, NoEnv, demo.ScanArgs());

        Assert.All(Lines(run.Out), l => Assert.True(TextWidth.Of(l) <= width, $"{TextWidth.Of(l)} columns > {width}: {l}"));
        Assert.Contains(Lines(run.Out), l => l.StartsWith("adm", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Render_Piped_WholeCellsAllColumnsNoPaddingNoColour()
    {
        var run = await CliRun.RunAsync(DemoTree.Now, demo.ScanArgs());

        Assert.DoesNotContain("\u001b", run.Out);
        var lines = run.Out.TrimEnd('\n').Split('\n');
        Assert.All(lines, l => Assert.Equal(l.TrimEnd(), l));
        Assert.DoesNotContain("…", run.Out);
        Assert.Contains(lines, l => l.StartsWith("CERTIFICATE ", StringComparison.Ordinal) && l.Contains("EXPIRES") && l.Contains("CERTIFICATE AUTHORITY") && l.Contains("EXTERNALLY MANAGED"));
        var peer = Assert.Single(lines, l => l.StartsWith("etcd-peer ", StringComparison.Ordinal));
        Assert.Matches(@"^etcd-peer\s+Mar 06, 2026 \d\d:\d\d UTC\s+5d\s+etcd-ca\s+no\s+emergency\s+" + Regex.Escape(demo.Root + "/pki/etcd/peer.crt") + "$", peer);
        var admin = Assert.Single(lines, l => l.StartsWith("admin.conf ", StringComparison.Ordinal));
        Assert.EndsWith(demo.Root + "/admin.conf user:kubernetes-admin", admin);
    }

    [Fact]
    public async Task Render_Wide_EveryPlaceOfTheClusterCaOnItsOwnLine()
    {
        var run = await CliRun.RunOnTerminalAsync(DemoTree.Now, 80, NoEnv, demo.ScanArgs("-o", "wide", "--no-color"));

        var lines = run.Out.Split('\n');
        var ca = Array.FindIndex(lines, l => l.StartsWith("ca ", StringComparison.Ordinal));
        Assert.True(ca > 0, run.Out);
        Assert.EndsWith(demo.Root + "/pki/ca.crt", lines[ca]);
        Assert.Contains("CN=kubernetes", lines[ca]);
        var more = lines[(ca + 1)..(ca + 6)].Select(l => l.Trim()).ToList();
        foreach (var conf in new[] { "admin.conf", "controller-manager.conf", "kubelet.conf", "scheduler.conf", "super-admin.conf" })
        {
            Assert.Contains($"{demo.Root}/{conf} cluster:kubernetes certificate-authority-data", more);
        }
        Assert.Contains(lines, l => l.Contains("USED BY") && l.Contains("SERIAL") && l.Contains("SUBJECT"));
    }

    [Fact]
    public async Task Render_OnlyProblems_HealthyRowsCountedNotListed()
    {
        var run = await CliRun.RunOnTerminalAsync(DemoTree.Now, 120, NoEnv, demo.ScanArgs("--only-problems", "--no-color"));

        var lines = run.Out.Split('\n');
        Assert.DoesNotContain(lines, l => Regex.IsMatch(l, @"\s(ok)\s"));
        Assert.Contains(lines, l => l.StartsWith("admin.conf ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("etcd-peer ", StringComparison.Ordinal));
        Assert.Contains("12 healthy certificates not listed (--only-problems).", run.Out);
        Assert.Equal(2, run.ExitCode); // the exit code still judges every certificate
    }

    [Theory]
    [InlineData("--no-color", null)]
    [InlineData(null, "1")]
    public async Task Render_NoColorFlagOrEnvironment_NoEscapeCodeAtAll(string? flag, string? noColor)
    {
        string[] args = flag is null ? demo.ScanArgs() : demo.ScanArgs(flag);

        var run = await CliRun.RunOnTerminalAsync(DemoTree.Now, 120, name => name == "NO_COLOR" ? noColor : null, args);

        Assert.Contains("etcd-peer", run.Out);
        Assert.DoesNotContain("\u001b", run.Out);
    }
}
