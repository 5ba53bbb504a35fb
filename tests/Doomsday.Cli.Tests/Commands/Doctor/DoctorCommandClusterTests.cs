using System.Text.Json;
using Doomsday.Cli.Tests.Support;
using Doomsday.Core.Inventory;

namespace Doomsday.Cli.Tests.Commands.Doctor;

/// <summary><c>doctor --cluster</c> against the FAKE API server (no kube-apiserver can run on these machines).</summary>
public sealed class DoctorCommandClusterTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task RunAsync_Cluster_ExaminesClusterCertificates()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var dir = new TempDir();
        var ca = TestPki.CreateCa("apps-ca", Now.AddDays(-1), Now.AddYears(5));
        server.Add(FakeObjects.TlsSecret("apps", "web-tls", [TestPki.CreateServer("web", ["web.example"], Now.AddDays(-1), Now.AddDays(365), ca)]));
        server.Add(FakeObjects.RootCa("apps", server.ServerCa));
        var kubeconfig = server.WriteKubeconfig(Path.Combine(dir.Path, "kubeconfig"), "prod");

        var result = await CliRun.RunAsync(Now, "doctor", "--cluster", "--kubeconfig", kubeconfig, "-o", "json");

        using var json = JsonDocument.Parse(result.Stdout);
        // The kubeconfig's CA and client certificate, plus the Secret's and the ConfigMap's.
        Assert.Equal(4, json.RootElement.GetProperty("summary").GetProperty("certificates").GetInt32());
        Assert.Empty(json.RootElement.GetProperty("errors").EnumerateArray());
        Assert.NotEqual(ExitCodes.InputError, result.ExitCode);
        Assert.Contains(server.Requests, r => r.Path == "/api/v1/namespaces/kube-system/pods");
    }

    [Fact]
    public async Task RunAsync_ClusterWithSecretsForbidden_ListsTheErrorAndGoesOn()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var dir = new TempDir();
        server.Add(FakeObjects.RootCa("apps", server.ServerCa));
        server.Forbid("secrets");
        var kubeconfig = server.WriteKubeconfig(Path.Combine(dir.Path, "kubeconfig"), "prod");

        var result = await CliRun.RunAsync(Now, "doctor", "--cluster", "--kubeconfig", kubeconfig, "-o", "json");

        using var json = JsonDocument.Parse(result.Stdout);
        var error = Assert.Single(json.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal("api_forbidden", error.GetProperty("reason").GetString());
        Assert.Equal(3, json.RootElement.GetProperty("summary").GetProperty("certificates").GetInt32());
    }
}
