using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Cluster;
using Doomsday.Core.Sources.Endpoints;

namespace Doomsday.Core.Tests.Testing.Kubernetes;

/// <summary>
/// The fake API server is only worth something if a real client agrees it speaks the API: kubectl
/// (an independent implementation, client-go) is pointed at it. These are fakes because no
/// kube-apiserver can run on these machines.
/// </summary>
public sealed class FakeKubeApiServerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private FakeKubeApiServer _server = null!;
    private readonly TempDir _dir = new();

    public async Task InitializeAsync() => _server = await FakeKubeApiServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    private void SeedSecrets()
    {
        var ca = TestPki.CreateCa("seed-ca", Now.AddDays(-1), Now.AddYears(1));
        _server.Add(FakeObjects.TlsSecret("alpha", "web-tls", [TestPki.CreateServer("web", ["web.example"], Now.AddDays(-1), Now.AddDays(60), ca)]));
        _server.Add(FakeObjects.TlsSecret("beta", "api-tls", [TestPki.CreateServer("api", ["api.example"], Now.AddDays(-1), Now.AddDays(60), ca)]));
        _server.Add(FakeObjects.Secret("beta", "helm-release", "helm.sh/release.v1", new Dictionary<string, byte[]> { ["release"] = new byte[1000] }));
    }

    private (int ExitCode, string Stdout, string Stderr) Kubectl(params string[] args)
    {
        var kubeconfig = _server.WriteKubeconfig(Path.Combine(_dir.Path, "kubeconfig"));
        var info = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--kubeconfig", kubeconfig, "--cache-dir", Path.Combine(_dir.Path, "cache"), "--request-timeout", "20s" }.Concat(args)) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(60))) p.Kill(entireProcessTree: true);
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void Kubectl_GetSecretsAllNamespaces_PrintsEverySeededSecret()
    {
        SeedSecrets();

        var (code, stdout, stderr) = Kubectl("get", "secrets", "-A");

        Assert.True(code == 0, stderr);
        var rows = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Equal(["alpha/web-tls", "beta/api-tls", "beta/helm-release"], rows.Select(r => $"{r[0]}/{r[1]}").Order());
    }

    [Fact]
    public void Kubectl_GetSecretsJsonWithFieldSelector_ReturnsOnlyTlsSecrets()
    {
        SeedSecrets();

        var (code, stdout, stderr) = Kubectl("get", "secrets", "-A", "-o", "json", "--field-selector", "type=kubernetes.io/tls");

        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var items = doc.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["alpha/web-tls", "beta/api-tls"], items.Select(i => $"{i.GetProperty("metadata").GetProperty("namespace").GetString()}/{i.GetProperty("metadata").GetProperty("name").GetString()}").Order());
        Assert.All(items, i => Assert.Equal("kubernetes.io/tls", i.GetProperty("type").GetString()));
    }

    [Fact]
    public void Kubectl_ForbiddenSecrets_ReportsForbidden()
    {
        SeedSecrets();
        _server.Forbid("secrets");

        var (code, _, stderr) = Kubectl("get", "secrets", "-A");

        Assert.NotEqual(0, code);
        Assert.True(stderr.Contains("forbidden", StringComparison.OrdinalIgnoreCase), stderr);
    }

    [Fact]
    public async Task Handle_ClientCertificateFromAnotherCa_Returns401Status()
    {
        var otherCa = TestPki.CreateCa("not-the-client-ca", Now.AddDays(-1), Now.AddYears(1));
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        handler.ClientCertificates.Add(_server.IssueClientCertificate("mallory", issuer: otherCa));
        using var http = new HttpClient(handler);

        var response = await http.GetAsync(_server.Url + "/api/v1/secrets");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Status", status.RootElement.GetProperty("kind").GetString());
        Assert.Equal(401, status.RootElement.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task ClusterReader_ClientCertificateFromAnotherCa_IsUnauthorizedAndReadsNothing()
    {
        SeedSecrets();
        var otherCa = TestPki.CreateCa("not-the-client-ca", Now.AddDays(-1), Now.AddYears(1));
        var path = _server.WriteKubeconfig(Path.Combine(_dir.Path, "bad"), client: _server.IssueClientCertificate("mallory", issuer: otherCa));
        var targets = ClusterTargets.Resolve([path], [], _ => null, _dir.Path);
        var sink = new CollectingSink();

        var snapshot = await new ClusterReader(new ClusterReadOptions(), ITlsHandshaker.Default).ReadAsync(targets.Targets.Single(), sink, ClusterReadScope.Everything, CancellationToken.None);

        Assert.True(snapshot.Unreachable);
        Assert.Empty(sink.Certificates);
        var error = Assert.Single(sink.Errors);
        Assert.Equal(ReasonCodes.ApiUnauthorized, error.Reason);
        Assert.Equal(401, Assert.Single(snapshot.Errors).HttpStatus);
    }

    [Fact]
    public async Task List_SmallLimit_ReturnsEveryObjectExactlyOnce()
    {
        var ca = TestPki.CreateCa("paging-ca", Now.AddDays(-1), Now.AddYears(1));
        var leaf = TestPki.CreateServer("leaf", ["leaf.example"], Now.AddDays(-1), Now.AddDays(60), ca);
        var expected = new List<string>();
        for (var i = 0; i < 23; i++)
        {
            var ns = $"ns-{i % 5}";
            _server.Add(FakeObjects.TlsSecret(ns, $"tls-{i:D2}", [leaf]));
            expected.Add($"{ns}/tls-{i:D2}");
        }
        var path = _server.WriteKubeconfig(Path.Combine(_dir.Path, "kc"));
        var targets = ClusterTargets.Resolve([path], [], _ => null, _dir.Path);
        var sink = new CollectingSink();

        await new ClusterSource(targets, new ClusterReadOptions { PageSize = 4 }).CollectAsync(sink, CancellationToken.None);

        var seen = sink.Certificates.Select(c => (ClusterSourceRef)c.Source).Where(s => s.ObjectKind == "Secret").Select(s => $"{s.Namespace}/{s.Name}").ToList();
        Assert.Equal(expected.Order(), seen.Order());
        var pages = _server.Requests.Where(r => r.Path == "/api/v1/secrets").ToList();
        Assert.Equal(6, pages.Count); // 23 objects, 4 per page
        Assert.Equal(5, pages.Count(r => r.Query.Contains("continue=")));
    }

    [Fact]
    public async Task List_TypeFieldSelector_KeepsOpaqueSecretsOffTheWire()
    {
        var ca = TestPki.CreateCa("wire-ca", Now.AddDays(-1), Now.AddYears(1));
        _server.Add(FakeObjects.TlsSecret("apps", "only-tls", [TestPki.CreateServer("only", ["only.example"], Now.AddDays(-1), Now.AddDays(60), ca)]));
        var big = new byte[100 * 1024];
        for (var i = 0; i < 20; i++) _server.Add(FakeObjects.Secret("apps", $"blob-{i}", "Opaque", new Dictionary<string, byte[]> { ["blob"] = big }));
        var path = _server.WriteKubeconfig(Path.Combine(_dir.Path, "kc"));
        var sink = new CollectingSink();

        await new ClusterSource(ClusterTargets.Resolve([path], [], _ => null, _dir.Path), new ClusterReadOptions()).CollectAsync(sink, CancellationToken.None);

        var secretLists = _server.Requests.Where(r => r.Path == "/api/v1/secrets").ToList();
        Assert.True(secretLists.Count > 0, string.Join("\n", _server.Requests.Select(r => $"{r.Path}{r.Query} {r.Status}").Concat(sink.Errors.Select(e => e.Message))));
        Assert.All(secretLists, r => Assert.Contains("fieldSelector=type%3Dkubernetes.io%2Ftls", r.Query));
        Assert.True(1 == secretLists.Sum(r => r.Items), string.Join("\n", secretLists.Select(r => r.Query)));
        Assert.True(secretLists.Sum(r => r.Bytes) < big.Length, $"{secretLists.Sum(r => r.Bytes)} bytes of secrets were sent");
        Assert.Single(sink.Certificates, c => c.Source is ClusterSourceRef { ObjectKind: "Secret", Name: "only-tls", Key: "tls.crt" });
    }

    [Fact]
    public async Task List_UnsupportedFieldLabel_Returns400()
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        handler.ClientCertificates.Add(_server.IssueClientCertificate());
        using var http = new HttpClient(handler);

        var response = await http.GetAsync(_server.Url + "/api/v1/configmaps?fieldSelector=type%3Dkubernetes.io%2Ftls");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("field label not supported: type", await response.Content.ReadAsStringAsync());
    }
}
