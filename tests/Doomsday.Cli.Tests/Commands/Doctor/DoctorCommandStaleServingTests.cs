using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Doomsday.Cli.Tests.Support;
using Doomsday.Core.Pki;

namespace Doomsday.Cli.Tests.Commands.Doctor;

/// <summary>
/// <c>doomsday doctor --kubeadm ROOT --component-endpoint etcd=127.0.0.1:P -o json</c> in-process
/// against a real etcd serving either an older certificate than the tree's etcd/server.crt or that file itself.
/// </summary>
public sealed class DoctorCommandStaleServingTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;
    private readonly KubeadmTree _tree;

    public DoctorCommandStaleServingTests()
    {
        _tree = KubeadmTreeBuilder.Build(_dir.Path, new KubeadmTreeOptions
        {
            Now = _now,
            KeyAlgorithm = KubeadmKeyAlgorithm.EcdsaP256,
            DistinctKeys = true,
        });
    }

    public void Dispose()
    {
        _tree.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task RunAsync_EtcdServesOlderCertificate_ExitsCriticalWithStaleServingFinding()
    {
        using var old = _tree.Issue("etcd-server", CertificateValidity.Around(_now, TimeSpan.FromDays(365), TimeSpan.FromDays(2)));
        using var etcd = EtcdServer.Start(old, _tree.Certificates["etcd-ca"]);

        var result = await CliRun.RunAsync(_now, "doctor", "--kubeadm", _dir.Path, "--component-endpoint", $"etcd=127.0.0.1:{etcd.ClientPort}", "-o", "json");

        using var json = JsonDocument.Parse(result.Stdout);
        var finding = Assert.Single(Findings(json), f => f.GetProperty("id").GetString() == "stale-serving-certificate");
        Assert.Equal("etcd", finding.GetProperty("subject").GetString());
        Assert.Contains(finding.GetProperty("evidence").EnumerateArray(),
            e => e.GetProperty("label").GetString() == "served sha256" && e.GetProperty("value").GetString() == TestPki.Sha256(old));
        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public async Task RunAsync_EtcdServesTheDiskCertificate_NoStaleServingFinding()
    {
        using var etcd = EtcdServer.Start(_tree.Certificates["etcd-server"], _tree.Certificates["etcd-ca"]);

        var result = await CliRun.RunAsync(_now, "doctor", "--kubeadm", _dir.Path, "--component-endpoint", $"etcd=127.0.0.1:{etcd.ClientPort}", "-o", "json");

        using var json = JsonDocument.Parse(result.Stdout);
        Assert.DoesNotContain(Findings(json), f => f.GetProperty("id").GetString() == "stale-serving-certificate");
        Assert.DoesNotContain(json.RootElement.GetProperty("skipped").EnumerateArray(), s => s.GetProperty("check").GetString() == "stale-serving");
        Assert.Equal(0, result.ExitCode);
    }

    private static List<JsonElement> Findings(JsonDocument json) => json.RootElement.GetProperty("findings").EnumerateArray().ToList();
}
