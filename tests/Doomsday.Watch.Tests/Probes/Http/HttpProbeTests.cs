using Doomsday.Watch.Probes;
using Doomsday.Watch.Probes.Http;

namespace Doomsday.Watch.Tests.Probes.Http;

/// <summary>One real nginx per class: plain HTTP locations with known bodies, and HTTPS with a CA-issued certificate.</summary>
public sealed class HttpProbeFixture : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    internal TempDir Dir { get; } = new();
    internal NginxServer Nginx { get; }
    public string CaFile { get; }
    public string OtherCaFile { get; }
    public ProbeContext Context { get; } = new(TimeProvider.System);

    public HttpProbeFixture()
    {
        var ca = TestPki.CreateCa("probe-ca", Now.AddDays(-1), Now.AddYears(1));
        var other = TestPki.CreateCa("other-ca", Now.AddDays(-1), Now.AddYears(1));
        CaFile = Dir.File("ca.crt", ca.ExportCertificatePem());
        OtherCaFile = Dir.File("other.crt", other.ExportCertificatePem());
        var locations = """
            location = /ok { return 200 "all systems go\n"; }
            location = /conn { return 200 "requests on this connection: $connection_requests;\n"; }
            location = /json { default_type application/json; return 200 '{"status":{"phase":"Running","ready":true},"items":[{"name":"a"}]}'; }
            location = /hop1 { return 302 /hop2; }
            location = /hop2 { return 301 /ok; }
            location = /modified { add_header Last-Modified "Wed, 21 Oct 2015 07:28:00 GMT"; return 200 "old\n"; }
            location = /here { return 302 /echo; }
            location = /away { return 302 http://localhost:$server_port/echo; }
            location = /loop { return 302 /loop; }
            location = /echo { return 200 "server=target x-secret=[$http_x_secret] authorization=[$http_authorization]\n"; }
            location / { return 404 "nope\n"; }
            """;
        // Basic authentication as nginx does it (the {PLAIN} scheme of auth_basic_user_file): a static file, since
        // "return" would answer before the access phase.
        var htpasswd = Dir.File("htpasswd", "alice:{PLAIN}s3cr@t\n"); // nginx ends the password at a colon
        var area = Dir.File("private.txt", "private area\n");
        locations += $"location = /private {{ auth_basic \"doomsday\"; auth_basic_user_file {htpasswd}; default_type text/plain; alias {area}; }}\n";
        if (OperatingSystem.IsLinux()) Dir.OpenToEveryone(); // nginx's workers (nobody) read these two files
        Nginx = NginxServer.Start(
        [
            new NginxSite("plain", null, [], Directives: locations),
            // the same port by another name: another host as far as a redirect is concerned
            new NginxSite("plain", "localhost", [], Directives: """
                location = /echo { return 200 "server=other x-secret=[$http_x_secret] authorization=[$http_authorization]\n"; }
                location / { return 404 "nope\n"; }
                """),
            new NginxSite("tls", null, [TestPki.CreateServer("shop", ["localhost"], Now.AddDays(-1), Now.AddYears(1), ca)], Directives: locations),
        ]);
    }

    public string Plain(string path) => $"http://127.0.0.1:{Nginx.Port("plain")}{path}";

    public string Tls(string path) => $"https://127.0.0.1:{Nginx.Port("tls")}{path}";

    public void Dispose()
    {
        Context.Http.Dispose();
        Nginx.Dispose();
        Dir.Dispose();
    }
}

public sealed class HttpProbeTests(HttpProbeFixture f) : IClassFixture<HttpProbeFixture>
{
    private Task<ProbeResult> Run(HttpProbeOptions o) => new HttpProbe(o, f.Context).RunAsync(CancellationToken.None);

    private HttpProbeOptions At(string url) => new() { Name = "shop", Url = url };

    /// <summary>
    /// https://user:pass@host/ sends basic authentication, as blackbox_exporter does (Go's net/http): the credentials
    /// were silently never sent. Percent-encoded characters in the user info are decoded first.
    /// </summary>
    [Fact]
    public async Task RunAsync_CredentialsInTheUrl_SentAsBasicAuthentication()
    {
        var url = f.Plain("/private");
        var withCredentials = url.Replace("http://", "http://alice:s3cr%40t@", StringComparison.Ordinal);
        var wrong = url.Replace("http://", "http://alice:guess@", StringComparison.Ordinal);

        var ok = await Run(At(withCredentials) with { BodyContains = "private area" });
        var none = await Run(At(url));
        var refused = await Run(At(wrong));

        Assert.True(ok.Success, ok.Detail);
        Assert.Equal((ProbeReasonCodes.UnexpectedStatus, 401), (none.ReasonCode, none.HttpStatus));
        Assert.Equal(401, refused.HttpStatus);
        Assert.DoesNotContain("guess", refused.Detail);
    }

    [Fact]
    public async Task RunAsync_BodyContainsPresent_Succeeds()
    {
        var result = await Run(At(f.Plain("/ok")) with { BodyContains = "systems go" });
        Assert.True(result.Success, result.Detail);
        Assert.Equal(200, result.HttpStatus);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunAsync_RepeatedRuns_EachRunUsesAFreshConnection(bool tls)
    {
        // nginx keeps connections alive by default: a pooled connection would show 2, then 3.
        var options = At(tls ? f.Tls("/conn") : f.Plain("/conn")) with
        {
            BodyContains = "requests on this connection: 1;",
            Tls = tls ? new TlsClientOptions { Ca = f.CaFile, ServerName = "localhost" } : null,
        };
        for (var run = 0; run < 3; run++)
        {
            var result = await Run(options);
            Assert.True(result.Success, $"run {run}: {result.Detail}");
        }
    }

    [Fact]
    public async Task RunAsync_BodyContainsAbsent_FailsWithBodyMismatch()
    {
        var result = await Run(At(f.Plain("/ok")) with { BodyContains = "degraded" });
        Assert.Equal(ProbeReasonCodes.BodyMismatch, result.ReasonCode);
        Assert.Contains("degraded", result.Detail);
    }

    [Fact]
    public async Task RunAsync_NotFoundWithDefaultExpectation_FailsWithUnexpectedStatus()
    {
        var result = await Run(At(f.Plain("/healthz")));
        Assert.Equal(ProbeReasonCodes.UnexpectedStatus, result.ReasonCode);
        Assert.Equal(404, result.HttpStatus);
        Assert.Contains("404", result.Detail);
    }

    [Fact]
    public async Task RunAsync_NotFoundExpected_Succeeds()
    {
        var result = await Run(At(f.Plain("/healthz")) with { ExpectStatus = [404] });
        Assert.True(result.Success, result.Detail);
    }

    [Theory]
    [InlineData("^all systems", true)]
    [InlineData("^systems", false)]
    public async Task RunAsync_BodyRegex_MatchesOrFails(string pattern, bool expected)
    {
        var result = await Run(At(f.Plain("/ok")) with { BodyRegex = pattern });
        Assert.Equal(expected, result.Success);
        if (!expected) Assert.Equal(ProbeReasonCodes.BodyMismatch, result.ReasonCode);
    }

    [Theory]
    [InlineData("status.phase", "Running", true)]
    [InlineData("status.ready", "true", true)]
    [InlineData("items.0.name", "a", true)]
    [InlineData("status.phase", "Pending", false)]
    [InlineData("status.missing", "x", false)]
    public async Task RunAsync_JsonField_ComparesValue(string field, string value, bool expected)
    {
        var result = await Run(At(f.Plain("/json")) with { JsonField = field, JsonValue = value });
        Assert.Equal(expected, result.Success);
        if (!expected) Assert.Equal(ProbeReasonCodes.JsonMismatch, result.ReasonCode);
    }

    [Fact]
    public async Task RunAsync_HttpsWithConfiguredCa_Succeeds()
    {
        var result = await Run(At(f.Tls("/ok")) with { Tls = new TlsClientOptions { Ca = f.CaFile, ServerName = "localhost" } });
        Assert.True(result.Success, result.Detail);
    }

    [Fact]
    public async Task RunAsync_HttpsWithAnotherCa_FailsWithCertUntrusted()
    {
        var result = await Run(At(f.Tls("/ok")) with { Tls = new TlsClientOptions { Ca = f.OtherCaFile, ServerName = "localhost" } });
        Assert.Equal(ProbeReasonCodes.CertUntrusted, result.ReasonCode);
        Assert.Contains("CN=shop", result.Detail);
    }

    [Fact]
    public async Task RunAsync_HttpsWithWrongServerName_FailsWithCertUntrusted()
    {
        var result = await Run(At(f.Tls("/ok")) with { Tls = new TlsClientOptions { Ca = f.CaFile, ServerName = "bank.example" } });
        Assert.Equal(ProbeReasonCodes.CertUntrusted, result.ReasonCode);
        Assert.Contains("bank.example", result.Detail);
    }

    [Fact]
    public async Task RunAsync_HttpsInsecureSkipVerify_Succeeds()
    {
        var result = await Run(At(f.Tls("/ok")) with { Tls = new TlsClientOptions { InsecureSkipVerify = true } });
        Assert.True(result.Success, result.Detail);
    }

    [Fact]
    public async Task RunAsync_MissingCaFile_FailsWithBadProbeConfig()
    {
        var result = await Run(At(f.Tls("/ok")) with { Tls = new TlsClientOptions { Ca = Path.Combine(f.Dir.Path, "absent.crt") } });
        Assert.Equal(ProbeReasonCodes.BadProbeConfig, result.ReasonCode);
        Assert.Contains("absent.crt", result.Detail);
    }

    [Fact]
    public async Task RunAsync_ClosedPort_FailsWithConnectRefused()
    {
        using var closed = TcpPorts.Closed(); // nobody listens there until the test ends
        var result = await Run(At($"http://127.0.0.1:{closed.Port}/"));
        Assert.Equal(ProbeReasonCodes.ConnectRefused, result.ReasonCode);
    }

    [Fact]
    public async Task RunAsync_ManyProbesWithOneTlsSetting_ShareOneConnectionPool()
    {
        using var http = new ProbeHttpHandlers(TimeProvider.System);
        var context = new ProbeContext(TimeProvider.System) { Http = http };
        var tls = new TlsClientOptions { Ca = f.CaFile, ServerName = "localhost" };
        for (var i = 0; i < 5; i++)
        {
            // a fresh but equal TlsClientOptions each time, as a config reload would build
            var result = await new HttpProbe(At(f.Tls("/ok")) with { Name = $"p{i}", Tls = tls with { } }, context).RunAsync(CancellationToken.None);
            Assert.True(result.Success, result.Detail);
        }
        await new HttpProbe(At(f.Plain("/ok")), context).RunAsync(CancellationToken.None);
        Assert.Equal(2, http.Count);
    }
}
