using System.Net;
using System.Text.Json;
using Doomsday.Cli.Tests.Support;
using Doomsday.Core.Pki;

namespace Doomsday.Cli.Tests.Commands.Scan;

public sealed class ScanCommandKubeadmTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2030, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A node's filesystem copy (DIR/etc/kubernetes, DIR/var/lib/kubelet), issued today: nothing near expiry.</summary>
    private KubeadmTree BuildNode() => KubeadmTreeBuilder.Build(_dir.Combine("etc", "kubernetes"), new KubeadmTreeOptions
    {
        Now = Now,
        NodeName = "cp-1",
        NodeIp = IPAddress.Parse("192.168.7.20"),
        KeyAlgorithm = KubeadmKeyAlgorithm.EcdsaP256,
        KubeletDirectory = _dir.Combine("var", "lib", "kubelet"),
    });

    private static async Task<(CliResult Result, JsonDocument Json)> ScanJsonAsync(string root)
    {
        var result = await CliRun.RunAsync(Now, "scan", "--kubeadm", root, "-o", "json");
        return (result, JsonDocument.Parse(result.Stdout));
    }

    [Fact]
    public async Task Scan_KubeadmCompleteTree_NoErrorsAndExitZero()
    {
        using var tree = BuildNode();

        var (result, json) = await ScanJsonAsync(tree.Root);

        using (json)
        {
            Assert.Equal(0, result.ExitCode);
            Assert.Equal(0, json.RootElement.GetProperty("errors").GetArrayLength());
            Assert.Equal(10 + 5 * 2 + 2, json.RootElement.GetProperty("certificates").GetArrayLength());
        }
    }

    /// <summary>
    /// exit-codes.md: errors are listed but do not change the code while certificates were read, so a
    /// node otherwise fresh exits 0 and the missing certificate is the one error in the report.
    /// </summary>
    [Fact]
    public async Task Scan_KubeadmApiserverCertMissing_OneNotFoundErrorNamingFlagAndExitZero()
    {
        using var tree = BuildNode();
        var (_, before) = await ScanJsonAsync(tree.Root);
        var complete = before.RootElement.GetProperty("certificates").GetArrayLength();
        before.Dispose();
        File.Delete(Path.Combine(tree.Root, "pki", "apiserver.crt"));

        var (result, json) = await ScanJsonAsync(tree.Root);

        using (json)
        {
            var root = json.RootElement;
            var error = Assert.Single(root.GetProperty("errors").EnumerateArray().ToList());
            Assert.Equal("not_found", error.GetProperty("reason").GetString());
            Assert.Equal("kube-apiserver --tls-cert-file: no such file", error.GetProperty("message").GetString());
            Assert.EndsWith("/pki/apiserver.crt", error.GetProperty("source").GetProperty("path").GetString());
            Assert.Equal(complete - 1, root.GetProperty("certificates").GetArrayLength());
            Assert.Equal(1, root.GetProperty("summary").GetProperty("errorsByReason").GetProperty("not_found").GetInt32());
            Assert.Equal(0, result.ExitCode);
            Assert.Equal(result.ExitCode, root.GetProperty("summary").GetProperty("exitCode").GetInt32());
        }
    }

    [Fact]
    public async Task Scan_KubeadmApiserverCertIsADirectory_OneErrorInTable()
    {
        using var tree = BuildNode();
        var crt = Path.Combine(tree.Root, "pki", "apiserver.crt");
        File.Delete(crt);
        Directory.CreateDirectory(crt);

        var result = await CliRun.RunAsync(Now, "scan", "--no-color", "--kubeadm", tree.Root);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("read_failed", result.Out);
        Assert.Contains("kube-apiserver --tls-cert-file: is a directory", result.Out);
        Assert.Contains("1 could not be read", result.Out);
    }
}
