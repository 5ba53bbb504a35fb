using Doomsday.Watch.Probes;
using Doomsday.Watch.Probes.ApiServer;

namespace Doomsday.Watch.Tests.Probes.ApiServer;

/// <summary>
/// The apiserver probe against nginx standing in for kube-apiserver: no kube-apiserver (nor kind, k3s
/// or envtest) can run on these machines (REAL-COMPONENTS.md), so nginx serves what the real one
/// answers on <c>/livez</c> and <c>/readyz?verbose</c> — status codes and the verbose check list.
/// </summary>
public sealed class ApiServerProbeTests : IDisposable
{
    private const string Token = "s3cret-bearer-token-value";
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly NginxServer _nginx;
    private readonly TempDir _dir = new();
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 _ca;
    private readonly ProbeContext _context = new(TimeProvider.System);

    public ApiServerProbeTests()
    {
        _ca = TestPki.CreateCa("kubernetes", Now.AddDays(-1), Now.AddYears(10));
        var serving = TestPki.CreateServer("kube-apiserver", ["kubernetes", "kubernetes.default.svc"], Now.AddDays(-1), Now.AddYears(1), _ca);
        _nginx = NginxServer.Start(
        [
            new NginxSite("unready", null, [serving], Directives: """
                location = /livez { return 200 "ok"; }
                location = /readyz { return 500 "[+]ping ok\n[+]log ok\n[-]etcd failed: reason withheld\n[+]poststarthook/start-kube-apiserver-admission-initializer ok\n[-]informer-sync failed: reason withheld\nreadyz check failed\n"; }
                """),
            new NginxSite("ready", null, [serving], Directives: $$"""
                location = /livez { if ($http_authorization != "Bearer {{Token}}") { return 401 "Unauthorized"; } return 200 "ok"; }
                location = /readyz { if ($http_authorization != "Bearer {{Token}}") { return 401 "Unauthorized"; } return 200 "[+]ping ok\nreadyz check passed\n"; }
                """),
        ]);
    }

    private string Url(string listener) => $"https://127.0.0.1:{_nginx.Port(listener)}";

    [Fact]
    public async Task RunAsync_ReadyzFails_FailsWithFailedCheckLinesInDetail()
    {
        var options = new ApiServerProbeOptions { Name = "apiserver", Url = Url("unready"), Tls = new TlsClientOptions { InsecureSkipVerify = true } };

        var result = await new ApiServerProbe(options, _context).RunAsync(CancellationToken.None);

        Assert.False(result.Success);
        Assert.Equal(ProbeReasonCodes.UnexpectedStatus, result.ReasonCode);
        Assert.Equal(500, result.HttpStatus);
        Assert.Contains("[-]etcd failed: reason withheld", result.Detail);
        Assert.Contains("[-]informer-sync failed: reason withheld", result.Detail);
        Assert.DoesNotContain("[+]ping ok", result.Detail);
        Assert.Contains("/readyz", result.Detail);
    }

    [Fact]
    public async Task RunAsync_KubeconfigWithCaAndToken_SucceedsAndNeverShowsToken()
    {
        var kubeconfig = WriteKubeconfig(Token);
        var options = new ApiServerProbeOptions { Name = "apiserver", Url = Url("ready"), Kubeconfig = kubeconfig, Context = "admin@k" };

        var result = await new ApiServerProbe(options, _context).RunAsync(CancellationToken.None);

        Assert.True(result.Success, result.Detail);
        Assert.DoesNotContain(Token, result.Detail);
    }

    [Fact]
    public async Task RunAsync_KubeconfigWithWrongToken_FailsWith401AndNeverShowsToken()
    {
        var kubeconfig = WriteKubeconfig("wrong-" + Token);
        var options = new ApiServerProbeOptions { Name = "apiserver", Url = Url("ready"), Kubeconfig = kubeconfig, Context = "admin@k" };

        var result = await new ApiServerProbe(options, _context).RunAsync(CancellationToken.None);

        Assert.Equal(ProbeReasonCodes.UnexpectedStatus, result.ReasonCode);
        Assert.Equal(401, result.HttpStatus);
        Assert.DoesNotContain(Token, result.Detail);
    }

    [Fact]
    public async Task RunAsync_AnonymousAgainstAuthenticatedServer_FailsWith401()
    {
        var options = new ApiServerProbeOptions { Name = "apiserver", Url = Url("ready"), Tls = new TlsClientOptions { InsecureSkipVerify = true } };

        var result = await new ApiServerProbe(options, _context).RunAsync(CancellationToken.None);

        Assert.Equal(401, result.HttpStatus);
        Assert.Contains("anonymous", result.Detail);
    }

    [Fact]
    public async Task RunAsync_KubeconfigWithoutTheContext_FailsWithBadProbeConfig()
    {
        var options = new ApiServerProbeOptions { Name = "apiserver", Url = Url("ready"), Kubeconfig = WriteKubeconfig(Token), Context = "nope" };

        var result = await new ApiServerProbe(options, _context).RunAsync(CancellationToken.None);

        Assert.Equal(ProbeReasonCodes.BadProbeConfig, result.ReasonCode);
        Assert.Contains("'nope'", result.Detail);
    }

    private string WriteKubeconfig(string token)
    {
        var ca = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(_ca.ExportCertificatePem()));
        return _dir.File($"kubeconfig-{Guid.NewGuid():N}", $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: k
              cluster:
                server: {Url("ready")}
                certificate-authority-data: {ca}
                tls-server-name: kubernetes
            users:
            - name: admin
              user:
                token: {token}
            contexts:
            - name: admin@k
              context:
                cluster: k
                user: admin
            current-context: admin@k
            """);
    }

    public void Dispose()
    {
        _context.Http.Dispose();
        _nginx.Dispose();
        _dir.Dispose();
    }
}
