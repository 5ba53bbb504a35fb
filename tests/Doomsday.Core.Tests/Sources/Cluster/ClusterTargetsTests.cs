using System.Net;
using System.Net.Sockets;
using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Cluster;
using Doomsday.Core.Sources.Endpoints;
using Doomsday.Core.Tests.Support;

namespace Doomsday.Core.Tests.Sources.Cluster;

/// <summary>Which clusters a run reads, and how connection failures read. Against the FAKE API server (no kube-apiserver runs here).</summary>
public sealed class ClusterTargetsTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private FakeKubeApiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeKubeApiServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public void Resolve_NoContextGiven_UsesCurrentContextWithItsCa()
    {
        var path = _server.WriteKubeconfig(Path.Combine(_dir.Path, "kc"), "prod");

        var set = ClusterTargets.Resolve([path], [], _ => null, _dir.Path);

        var target = Assert.Single(set.Targets);
        Assert.Empty(set.Errors);
        Assert.Equal("prod", target.Context);
        Assert.Equal(TestPki.Sha256(_server.ServerCa), Assert.Single(target.ClusterCa).FingerprintSha256);
    }

    [Fact]
    public void Resolve_KubeconfigEnvironmentWithTwoFiles_FindsEachContextInItsFile()
    {
        var a = _server.WriteKubeconfig(Path.Combine(_dir.Path, "a"), "alpha");
        var b = _server.WriteKubeconfig(Path.Combine(_dir.Path, "b"), "beta");

        var set = ClusterTargets.Resolve([], ["beta", "alpha", "gamma"], name => name == "KUBECONFIG" ? $"{a}:{b}" : null, _dir.Path);

        Assert.Equal(["beta", "alpha"], set.Targets.Select(t => t.Context));
        var error = Assert.Single(set.Errors);
        Assert.Equal((ReasonCodes.NotFound, "gamma"), (error.Reason, ((ClusterSourceRef)error.Source).Cluster));
    }

    [Fact]
    public void Resolve_NothingAndNotInAPod_IsNotFound()
    {
        var set = ClusterTargets.Resolve([], [], _ => null, _dir.Path);

        Assert.Empty(set.Targets);
        Assert.Equal(ReasonCodes.NotFound, Assert.Single(set.Errors).Reason);
    }

    [Fact]
    public void Resolve_InAPodWithoutServiceAccountFiles_IsAnErrorNotACrash()
    {
        // KUBERNETES_SERVICE_HOST set (a pod) but no /var/run/secrets/kubernetes.io/serviceaccount here.
        var set = ClusterTargets.Resolve([], [], name => name switch { "KUBERNETES_SERVICE_HOST" => "10.96.0.1", "KUBERNETES_SERVICE_PORT" => "443", _ => null }, _dir.Path);

        Assert.Empty(set.Targets);
        var error = Assert.Single(set.Errors);
        Assert.Equal((ReasonCodes.BadKubeconfig, ClusterTargets.InClusterContext), (error.Reason, ((ClusterSourceRef)error.Source).Cluster));
    }

    [Fact]
    public void Resolve_BrokenKubeconfig_IsBadKubeconfig()
    {
        var path = _dir.File("broken", "clusters: [\n  - name: x\n    cluster: {server: \"");

        var set = ClusterTargets.Resolve([path], [], _ => null, _dir.Path);

        Assert.Empty(set.Targets);
        Assert.Equal(ReasonCodes.BadKubeconfig, Assert.Single(set.Errors).Reason);
    }

    /// <summary>KubernetesClient opened certificate-authority itself, blocking: a FIFO there hung the run. Now read as scan reads files.</summary>
    [Fact]
    public async Task Resolve_CertificateAuthorityIsAFifo_ErrorForThatContextNoHang()
    {
        var fifo = _dir.Combine("ca-fifo");
        using (var mkfifo = System.Diagnostics.Process.Start(ChildProcess.Find("mkfifo", "/usr/bin/mkfifo", "/bin/mkfifo"), [fifo])) await mkfifo.WaitForExitAsync();
        var path = _dir.File("kc", $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: c
              cluster: {server: {{_server.Url}}, certificate-authority: ca-fifo}
            contexts:
            - name: fifo
              context: {cluster: c}
            current-context: fifo
            """);

        var set = await Task.Run(() => ClusterTargets.Resolve([path], [], _ => null, _dir.Path)).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Empty(set.Targets);
        Assert.Equal("fifo", ((ClusterSourceRef)Assert.Single(set.Errors).Source).Cluster);
    }

    [Fact]
    public void Resolve_ExecPluginRefused_ExecPluginRefusedAndNothingRun()
    {
        var marker = _dir.Combine("ran");
        var path = _dir.File("exec", $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: eks
              cluster: {server: {{_server.Url}}}
            users:
            - name: aws
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1beta1
                  command: /bin/sh
                  args: ["-c", "touch {{marker}}"]
            contexts:
            - name: eks
              context: {cluster: eks, user: aws}
            current-context: eks
            """);

        var set = ClusterTargets.Resolve([path], [], _ => null, _dir.Path, execPlugins: false);

        Assert.Empty(set.Targets);
        var error = Assert.Single(set.Errors);
        Assert.Equal(ReasonCodes.ExecPluginRefused, error.Reason);
        Assert.Contains("'/bin/sh'", error.Message);
        Assert.False(File.Exists(marker));
    }

    /// <summary>KubernetesClient's deserializer recursed once per level: 60,000 nested '[' overflowed the stack.</summary>
    [Fact]
    public void Resolve_KubeconfigNestedDeeperThanTheLimit_YamlLimitAndOtherFilesStillRead()
    {
        var bomb = _dir.File("bomb", "apiVersion: v1\nkind: Config\nclusters: " + new string('[', 60_000) + "\n");
        var good = _server.WriteKubeconfig(Path.Combine(_dir.Path, "good"), "prod");

        var set = ClusterTargets.Resolve([], ["prod"], name => name == "KUBECONFIG" ? $"{bomb}:{good}" : null, _dir.Path);

        Assert.Equal("prod", Assert.Single(set.Targets).Context);
        var error = Assert.Single(set.Errors);
        Assert.Equal(ReasonCodes.YamlLimit, error.Reason);
        Assert.StartsWith(bomb + ": line 3:", error.Message);
    }

    [Fact]
    public async Task ReadAsync_TokenRejected_IsUnauthorizedAndTheTokenIsNeverPrinted()
    {
        const string token = "s3cr3t-t0ken-value";
        var path = _dir.File("token", $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: c
              cluster:
                server: {_server.Url}
                certificate-authority-data: {Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(_server.ServerCa.ExportCertificatePem()))}
            users:
            - name: u
              user:
                token: {token}
            contexts:
            - name: tok
              context:
                cluster: c
                user: u
            current-context: tok
            """);
        var sink = new CollectingSink();

        await new ClusterSource(ClusterTargets.Resolve([path], [], _ => null, _dir.Path), new ClusterReadOptions()).CollectAsync(sink, CancellationToken.None);

        var error = Assert.Single(sink.Errors);
        Assert.Equal(ReasonCodes.ApiUnauthorized, error.Reason);
        Assert.DoesNotContain(token, error.Message);
    }

    [Fact]
    public async Task ReadAsync_ServerAcceptsButNeverAnswers_IsTimeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start(); // accepts connections (backlog) and never speaks TLS
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var path = _server.WriteKubeconfig(Path.Combine(_dir.Path, "silent"), "silent", server: $"https://127.0.0.1:{port}");
        var sink = new CollectingSink();

        var snapshot = await new ClusterReader(new ClusterReadOptions { Timeout = TimeSpan.FromSeconds(1) }, ITlsHandshaker.Default)
            .ReadAsync(ClusterTargets.Resolve([path], [], _ => null, _dir.Path).Targets.Single(), sink, ClusterReadScope.Everything, CancellationToken.None);

        Assert.True(snapshot.Unreachable);
        Assert.Equal(ReasonCodes.Timeout, Assert.Single(sink.Errors).Reason);
    }
}
