using Doomsday.Watch.Probes;
using Doomsday.Watch.Probes.ApiServer;
using Doomsday.Watch.Probes.Etcd;
using Doomsday.Watch.Probes.Http;

namespace Doomsday.Watch.Tests.Probes;

/// <summary>
/// One nginx port with two server blocks chosen by SNI, like an ingress dialled by IP: <c>a.example</c>
/// (the default server) and <c>b.example</c>, each with its own certificate from one CA. Each
/// certificate names only its own host (and 127.0.0.1), so a probe verifying against <c>b.example</c>
/// succeeds only when b's certificate was served. The answers show the SNI nginx received
/// (<c>$ssl_server_name</c>) and the Host header (<c>$host</c>).
/// </summary>
public sealed class ProbeHttpHandlersSniFixture : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    internal TempDir Dir { get; } = new();
    internal NginxServer Nginx { get; }
    internal System.Security.Cryptography.X509Certificates.X509Certificate2 Ca { get; }
    public string CaFile { get; }
    public ProbeContext Context { get; } = new(TimeProvider.System);

    public ProbeHttpHandlersSniFixture()
    {
        Ca = TestPki.CreateCa("ingress-ca", Now.AddDays(-1), Now.AddYears(1));
        CaFile = Dir.File("ca.crt", Ca.ExportCertificatePem());
        Nginx = NginxServer.Start(
        [
            new NginxSite("ingress", "a.example", [TestPki.CreateServer("a", ["a.example"], Now.AddDays(-1), Now.AddDays(30), Ca)], Directives: Block()),
            new NginxSite("plain", null, []),
            new NginxSite("ingress", "b.example", [TestPki.CreateServer("b", ["b.example"], Now.AddDays(-1), Now.AddDays(60), Ca)], Directives: Block()),
        ]);
    }

    /// <summary>
    /// nginx picks the certificate by SNI but the server block that answers the request by its Host
    /// header (here the URL's, 127.0.0.1, which names no block), so both blocks answer alike and what
    /// they answer depends on <c>$ssl_server_name</c>, the SNI nginx received.
    /// </summary>
    private static string Block() => """
        location = /health { default_type application/json; if ($ssl_server_name = b.example) { return 200 '{"health":"true"}'; } return 200 '{"health":"false"}'; }
        location = /livez { if ($ssl_server_name = b.example) { return 200 "ok\n"; } return 500 "sni=$ssl_server_name\n"; }
        location = /readyz { if ($ssl_server_name = b.example) { return 200 "ok\n"; } return 500 "sni=$ssl_server_name\n"; }
        location / { return 200 "sni=$ssl_server_name host=$host\n"; }
        """;

    public string Url(string path) => $"https://127.0.0.1:{Nginx.Port("ingress")}{path}";

    public void Dispose()
    {
        Context.Http.Dispose();
        Nginx.Dispose();
        Dir.Dispose();
    }
}

/// <summary>
/// <c>tls.serverName</c> of the HTTP-based probes (one handler code path, <see cref="ProbeHttpHandlers"/>):
/// sent as SNI, used to verify the served certificate, the Host header left as the URL's.
/// </summary>
public sealed class ProbeHttpHandlersTests(ProbeHttpHandlersSniFixture f) : IClassFixture<ProbeHttpHandlersSniFixture>
{
    private Task<ProbeResult> Http(string serverName, string bodyRegex) =>
        new HttpProbe(new HttpProbeOptions
        {
            Name = "ingress",
            Url = f.Url("/"),
            BodyRegex = bodyRegex,
            Tls = new TlsClientOptions { Ca = f.CaFile, ServerName = serverName },
        }, f.Context).RunAsync(CancellationToken.None);

    [Theory]
    [InlineData("a.example")]
    [InlineData("b.example")]
    public async Task HttpProbe_ServerNameOfABlock_SendsItAsSniAndIsServedThatBlocksCertificate(string serverName)
    {
        // Success needs the certificate to be valid for serverName (only that block's is) and the body
        // to show that nginx received serverName as SNI while the Host header stayed the URL's host.
        var result = await Http(serverName, $"^sni={System.Text.RegularExpressions.Regex.Escape(serverName)} host=127\\.0\\.0\\.1\n$");

        Assert.True(result.Success, result.Detail);
        Assert.Equal(200, result.HttpStatus);
    }

    [Fact]
    public async Task HttpProbe_ServerNameWithoutABlock_DefaultCertificateFailsWithCertUntrusted()
    {
        var result = await Http("c.example", ".");

        Assert.False(result.Success);
        Assert.Equal(ProbeReasonCodes.CertUntrusted, result.ReasonCode);
        // The default server's certificate (a) was served and judged against the requested name.
        Assert.Contains("CN=a", result.Detail);
        Assert.Contains("not valid for c.example", result.Detail);
    }

    [Fact]
    public async Task HttpProbe_NoServerName_UrlHostIsVerifiedAndNoSniSent()
    {
        // Without serverName nothing changes: an IP-literal URL sends no SNI (the default server's
        // certificate, a's, is served) and the certificate is verified against the URL's host (both certificates name 127.0.0.1).
        var result = await new HttpProbe(new HttpProbeOptions
        {
            Name = "ingress",
            Url = f.Url("/"),
            BodyRegex = "^sni= host=127\\.0\\.0\\.1\n$",
            Tls = new TlsClientOptions { Ca = f.CaFile },
        }, f.Context).RunAsync(CancellationToken.None);

        Assert.True(result.Success, result.Detail);
    }

    [Fact]
    public async Task HttpProbe_HostHeaderWithoutServerName_HostIsSentAsSniAndVerified()
    {
        // blackbox_exporter's default when server_name is unset: the Host header names the server.
        var result = await new HttpProbe(new HttpProbeOptions
        {
            Name = "ingress",
            Url = f.Url("/"),
            Headers = new Dictionary<string, string> { ["Host"] = "b.example" },
            BodyRegex = "^sni=b\\.example host=b\\.example\n$",
            Tls = new TlsClientOptions { Ca = f.CaFile },
        }, f.Context).RunAsync(CancellationToken.None);

        Assert.True(result.Success, result.Detail);
    }

    [Fact]
    public async Task HttpProbe_ServerNameOverPlainHttp_ConnectsWithoutTls()
    {
        // serverName set on a handler that also serves http:// URLs must not start a TLS handshake there.
        var result = await new HttpProbe(new HttpProbeOptions
        {
            Name = "ingress",
            Url = $"http://127.0.0.1:{f.Nginx.Port("ingress")}/",
            ExpectStatus = [400],
            Tls = new TlsClientOptions { Ca = f.CaFile, ServerName = "b.example" },
        }, f.Context).RunAsync(CancellationToken.None);

        // nginx answers plain HTTP on a TLS port with 400 ("The plain HTTP request was sent to HTTPS port").
        Assert.True(result.Success, result.Detail);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("b.example")]
    public async Task HttpProbe_HttpsToAPlainHttpPort_FailsWithTlsHandshakeFailed(string? serverName)
    {
        // The handshake done for serverName fails with the same reason as the handler's own.
        var result = await new HttpProbe(new HttpProbeOptions
        {
            Name = "ingress",
            Url = $"https://127.0.0.1:{f.Nginx.Port("plain")}/",
            Tls = new TlsClientOptions { Ca = f.CaFile, ServerName = serverName },
        }, f.Context).RunAsync(CancellationToken.None);

        Assert.True(ProbeReasonCodes.TlsHandshakeFailed == result.ReasonCode, $"{result.ReasonCode}: {result.Detail}");
    }

    [Theory]
    [InlineData("b.example", true)]
    [InlineData("a.example", false)]
    public async Task EtcdProbe_ServerName_SelectsTheBlockBySni(string serverName, bool healthy)
    {
        // Health is true only for the SNI b.example (see the fixture).
        var result = await new EtcdProbe(new EtcdProbeOptions
        {
            Name = "etcd",
            Url = f.Url("/"),
            Tls = new TlsClientOptions { Ca = f.CaFile, ServerName = serverName },
        }, f.Context).RunAsync(CancellationToken.None);

        Assert.Equal(healthy, result.Success);
        if (!healthy) Assert.Equal(ProbeReasonCodes.BodyMismatch, result.ReasonCode);
    }

    [Theory]
    [InlineData("b.example", true)]
    [InlineData("a.example", false)]
    public async Task ApiServerProbe_KubeconfigTlsServerName_SelectsTheBlockBySni(string serverName, bool ready)
    {
        // kubectl sends a kubeconfig's tls-server-name as SNI; the probe must too. /livez and /readyz answer 200 only for the SNI b.example.
        var ca = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(f.Ca.ExportCertificatePem()));
        var kubeconfig = f.Dir.File($"kubeconfig-{Guid.NewGuid():N}", $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: k
              cluster:
                server: {f.Url("")}
                certificate-authority-data: {ca}
                tls-server-name: {serverName}
            users:
            - name: anonymous
              user: {"{}"}
            contexts:
            - name: k
              context:
                cluster: k
                user: anonymous
            current-context: k
            """);

        var result = await new ApiServerProbe(new ApiServerProbeOptions { Name = "apiserver", Url = f.Url(""), Kubeconfig = kubeconfig }, f.Context)
            .RunAsync(CancellationToken.None);

        Assert.Equal(ready, result.Success);
        if (!ready) Assert.Equal(500, result.HttpStatus);
    }
}
