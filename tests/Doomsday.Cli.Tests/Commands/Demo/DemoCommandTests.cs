using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Doomsday.Cli.Hosting;
using Doomsday.Cli.Tests.Support;

namespace Doomsday.Cli.Tests.Commands.Demo;

public sealed class DemoCommandTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);

    private sealed record Run(int ExitCode, string Out, string Error, string Stdout);

    private static async Task<Run> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var stdout = new MemoryStream();
        var context = new CliContext(output, error, () => stdout, new FixedTimeProvider(Now), _ => null, IsTerminal: false);
        var code = await DoomsdayApp.RunAsync(args, context);
        return new Run(code, output.ToString(), error.ToString(), Encoding.UTF8.GetString(stdout.ToArray()));
    }

    private static string TreeOf(string text) => Regex.Match(text, @"built just now in (\S+)").Groups[1].Value;

    [Fact]
    public async Task Demo_Table_ScanRowsDoctorFindingsAndExits0()
    {
        var run = await RunAsync("demo");

        Assert.True(run.ExitCode == 0, run.Error);
        var lines = run.Out.Split('\n');
        foreach (var name in new[] { "ca", "etcd-ca", "front-proxy-ca", "apiserver", "apiserver-kubelet-client", "apiserver-etcd-client",
                     "front-proxy-client", "etcd-server", "etcd-peer", "etcd-healthcheck-client", "admin.conf", "super-admin.conf",
                     "controller-manager.conf", "scheduler.conf", "kubelet.conf" })
        {
            Assert.Single(lines, l => Regex.IsMatch(l, $@"^{Regex.Escape(name)}\s+\w{{3}} \d\d, \d{{4}}"));
        }
        Assert.Matches(new Regex(@"^admin\.conf\s+Feb 26, 2026 .*\s-3d\s+ca\s+no\s+expired\s", RegexOptions.Multiline), run.Out);
        Assert.Matches(new Regex(@"^etcd-peer\s.*\s5d\s+etcd-ca\s+no\s+emergency\s", RegexOptions.Multiline), run.Out);
        // The cluster CA is in pki/ca.crt and embedded in the five kubeconfigs: one row.
        Assert.Matches(new Regex(@"^ca\s.*\s\d+y\s.*pki/ca\.crt \(\+5 more\)$", RegexOptions.Multiline), run.Out);
        Assert.Contains("$ doomsday scan --kubeadm ", run.Out);
        Assert.Contains("1 expired", run.Out);
        Assert.Contains("this scan would exit 2", run.Out);
        // doctor ran on the same tree and saw the API server serving the certificate the disk no longer holds.
        Assert.Contains("$ doomsday doctor --kubeadm ", run.Out);
        Assert.Contains("stale-serving-certificate", run.Out);
        Assert.Contains("doomsday watch -c FILE", run.Out);
        Assert.Equal("", run.Error);
    }

    [Fact]
    public async Task Demo_WithoutKeep_DeletesTheTree()
    {
        var run = await RunAsync("demo");

        var tree = TreeOf(run.Out);
        Assert.StartsWith(Path.GetTempPath(), tree);
        Assert.False(Directory.Exists(tree));
        Assert.Contains("has been deleted", run.Out);
    }

    [Fact]
    public async Task Demo_Keep_LeavesATreeThatScanReadsTheSameAndAValidWatchConfig()
    {
        var run = await RunAsync("demo", "--keep");
        var tree = TreeOf(run.Out);
        try
        {
            var config = Path.Combine(tree, "doomsday.yaml");
            Assert.Contains($"doomsday watch --config {config}", run.Out);
            var check = await RunAsync("config", "check", config);
            Assert.True(check.ExitCode == 0, check.Out + check.Error);

            Assert.True(File.Exists(Path.Combine(tree, "etc", "kubernetes", "pki", "apiserver.crt")));
            // an absolute link, as the kubelet makes it: it names /var/lib/kubelet on the node, read under the copy
            var current = new FileInfo(Path.Combine(tree, "var", "lib", "kubelet", "pki", "kubelet-client-current.pem"));
            Assert.StartsWith("/var/lib/kubelet/pki/kubelet-client-", current.LinkTarget);
            Assert.True(File.Exists(Path.Combine(tree, current.LinkTarget!.TrimStart('/'))));

            var rescan = await RunAsync("scan", "--kubeadm", Path.Combine(tree, "etc", "kubernetes"), "--output", "json");

            Assert.Equal(2, rescan.ExitCode);
            using var json = JsonDocument.Parse(rescan.Stdout);
            var certificates = json.RootElement.GetProperty("certificates").EnumerateArray().ToList();
            var admin = certificates.Single(c => c.GetProperty("name").GetString() == "admin.conf");
            Assert.Equal("expired", admin.GetProperty("severity").GetString());
            Assert.Equal(0, json.RootElement.GetProperty("summary").GetProperty("errors").GetInt32());
            Assert.Contains(certificates, c => c.GetProperty("name").GetString() == "kubelet.conf");
        }
        finally
        {
            Directory.Delete(tree, recursive: true);
        }
    }

    [Fact]
    public async Task Demo_Json_ReportOnStdoutAndExplanationsOnStderr()
    {
        var run = await RunAsync("demo", "--output", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.Contains("doomsday demo: a throwaway kubeadm control-plane node", run.Error);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal(2, json.RootElement.GetProperty("summary").GetProperty("exitCode").GetInt32());
        var names = json.RootElement.GetProperty("certificates").EnumerateArray()
            .Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Contains("etcd-peer", names);
        Assert.Contains("front-proxy-ca", names);
    }

    [Fact]
    public async Task Demo_UnknownOutput_InputErrorAndNoTree()
    {
        var run = await RunAsync("demo", "--output", "yaml");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("--output: 'yaml'", run.Error);
        Assert.Equal("", run.Out);
    }
}
