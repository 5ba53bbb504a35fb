using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Doomsday.Cli.Tests.Support;
using Doomsday.Core.Inventory;

namespace Doomsday.Cli.Tests.Commands.Scan;

/// <summary>
/// <c>scan --cluster</c> end to end against the FAKE API server (a fake because no kube-apiserver can
/// run on these machines; it is strict: HTTPS, client certificates, RBAC 403s, paging, selectors).
/// </summary>
public sealed class ScanCommandClusterTests : IAsyncLifetime
{
    // An hour back: the fake server's client certificate lives 30 days from its own "now", truncated to the
    // second, and must stay over the 30-day critical threshold seen from here.
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow.AddHours(-1);
    private FakeKubeApiServer _server = null!;
    private readonly TempDir _dir = new();
    private string _kubeconfig = "";

    public async Task InitializeAsync()
    {
        _server = await FakeKubeApiServer.StartAsync();
        var ca = TestPki.CreateCa("apps-ca", Now.AddDays(-1), Now.AddYears(5));
        _server.Add(FakeObjects.TlsSecret("apps", "web-tls", [TestPki.CreateServer("web", ["web.example"], Now.AddDays(-1), Now.AddDays(365), ca)]));
        _server.Add(FakeObjects.RootCa("apps", _server.ServerCa));
        _server.Add(FakeObjects.RootCa("default", _server.ServerCa));
        _kubeconfig = _server.WriteKubeconfig(Path.Combine(_dir.Path, "kubeconfig"), "prod");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    private static List<JsonElement> Sources(JsonDocument json, string section) =>
        json.RootElement.GetProperty(section).EnumerateArray().Select(c => c.GetProperty("source")).ToList();

    [Fact]
    public async Task RunAsync_ClusterJson_ListsSecretAndConfigMapCertificatesAndTheKubeconfigOwn()
    {
        var result = await CliRun.RunAsync(Now, "scan", "--cluster", "--kubeconfig", _kubeconfig, "-o", "json");

        using var json = JsonDocument.Parse(result.Stdout);
        var sources = Sources(json, "certificates");
        var secret = Assert.Single(sources, s => s.GetProperty("kind").GetString() == "kubernetes" && s.GetProperty("objectKind").GetString() == "Secret");
        Assert.Equal(("prod", "apps", "web-tls", "tls.crt"), (secret.GetProperty("cluster").GetString(), secret.GetProperty("namespace").GetString(), secret.GetProperty("name").GetString(), secret.GetProperty("key").GetString()));
        Assert.Equal(2, sources.Count(s => s.GetProperty("kind").GetString() == "kubernetes" && s.GetProperty("objectKind").GetString() == "ConfigMap"));
        Assert.Equal(["cluster", "user"], sources.Where(s => s.GetProperty("kind").GetString() == "kubeconfig").Select(s => s.GetProperty("embeddedKind").GetString()).Order());
        Assert.Empty(json.RootElement.GetProperty("errors").EnumerateArray());
        // The fake's client certificate lives 30 days: under the 90-day warning threshold.
        Assert.Equal(ExitCodes.Warning, result.ExitCode);
    }

    [Fact]
    public async Task RunAsync_SecretsForbidden_IsAnErrorEntryAndConfigMapsStillAppear()
    {
        _server.Forbid("secrets");

        var result = await CliRun.RunAsync(Now, "scan", "--cluster", "--kubeconfig", _kubeconfig, "-o", "json", "--fail-on", "never");

        using var json = JsonDocument.Parse(result.Stdout);
        var error = Assert.Single(json.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal("api_forbidden", error.GetProperty("reason").GetString());
        Assert.Equal("Secret", error.GetProperty("source").GetProperty("objectKind").GetString());
        Assert.Equal("", error.GetProperty("source").GetProperty("name").GetString());
        Assert.Equal(2, Sources(json, "certificates").Count(s => s.GetProperty("kind").GetString() == "kubernetes" && s.GetProperty("objectKind").GetString() == "ConfigMap"));
        Assert.DoesNotContain(Sources(json, "certificates"), s => s.GetProperty("kind").GetString() == "kubernetes" && s.GetProperty("objectKind").GetString() == "Secret");
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
    }

    [Fact]
    public async Task RunAsync_ClusterWide_ShowsEveryApiPlace()
    {
        // -o wide: the cluster CA is in the kubeconfig and in kube-root-ca.crt, one row listing both places.
        var result = await CliRun.RunAsync(Now, "scan", "--cluster", "--kubeconfig", _kubeconfig, "--no-color", "-o", "wide");

        Assert.Contains("prod Secret apps/web-tls tls.crt", result.Out);
        Assert.Contains("prod ConfigMap default/kube-root-ca.crt ca.crt", result.Out);
    }

    [Fact]
    public async Task RunAsync_ClusterPrometheus_HasSecretLabelsAndPassesPromtool()
    {
        var result = await CliRun.RunAsync(Now, "scan", "--cluster", "--kubeconfig", _kubeconfig, "-o", "prometheus");

        Assert.Contains("secret_namespace=\"apps\",secret_name=\"web-tls\",secret_key=\"tls.crt\",kube_context=\"prod\"", result.Stdout);
        var (exitCode, output) = Promtool.CheckMetrics(result.Stdout);
        Assert.True(exitCode == 0, "promtool check metrics failed:\n" + output + "\n" + result.Stdout);
    }

    [Fact]
    public async Task RunAsync_UnknownContext_IsNotFoundAndOtherSourcesStillRun()
    {
        var result = await CliRun.RunAsync(Now, "scan", "--cluster", "--kubeconfig", _kubeconfig, "--context", "staging", "-o", "json");

        using var json = JsonDocument.Parse(result.Stdout);
        var error = Assert.Single(json.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal("not_found", error.GetProperty("reason").GetString());
        Assert.Contains("staging", error.GetProperty("message").GetString());
        Assert.NotEmpty(Sources(json, "certificates"));
        Assert.DoesNotContain(_server.Requests, r => r.Path.Contains("secrets"));
    }

    [Fact]
    public async Task RunAsync_TwoContexts_ReadsBothClusters()
    {
        await using var second = await FakeKubeApiServer.StartAsync();
        second.Add(FakeObjects.RootCa("other", second.ServerCa));
        var secondConfig = second.WriteKubeconfig(Path.Combine(_dir.Path, "second"), "staging");

        var result = await CliRun.RunAsync(Now, "scan", "--cluster", "--kubeconfig", _kubeconfig, "--kubeconfig", secondConfig, "--context", "prod", "--context", "staging", "-o", "json");

        using var json = JsonDocument.Parse(result.Stdout);
        var clusters = Sources(json, "certificates").Where(s => s.GetProperty("kind").GetString() == "kubernetes").Select(s => s.GetProperty("cluster").GetString()).Distinct().Order();
        Assert.Equal(["prod", "staging"], clusters);
    }

    [Fact]
    public async Task RunAsync_NamespaceWithoutCluster_IsAnInputError()
    {
        var result = await CliRun.RunAsync(Now, "scan", "--kubeconfig", _kubeconfig, "--namespace", "apps");

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("--namespace only applies with --cluster", result.Error);
    }

    [Fact]
    public async Task RunAsync_ApiServerDown_ReportsApiUnreachable()
    {
        using var closed = TcpPorts.Closed(); // no API server listens there until the test ends
        var down = _server.WriteKubeconfig(Path.Combine(_dir.Path, "down"), "down", server: $"https://127.0.0.1:{closed.Port}");

        var result = await CliRun.RunAsync(Now, "scan", "--cluster", "--kubeconfig", down, "-o", "json");

        using var json = JsonDocument.Parse(result.Stdout);
        var error = Assert.Single(json.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal("api_unreachable", error.GetProperty("reason").GetString());
    }
}
