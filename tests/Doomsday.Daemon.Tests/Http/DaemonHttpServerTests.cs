using System.Text.Json.Nodes;
using Doomsday.Daemon.Configuration;
using Doomsday.Daemon.Http;
using Doomsday.Daemon.Tests.Support;
using Doomsday.Watch.Alerting;

namespace Doomsday.Daemon.Tests.Http;

/// <summary>
/// The API's host against requests written by hand: forged <c>Host</c> headers (DNS rebinding) are refused with
/// 421, and every error, whoever produced it, has a JSON <c>{"error": ...}</c> body. One daemon for the class.
/// </summary>
public sealed class DaemonHttpServerTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private WatchHost? _host;

    private int Port => _host!.BaseUrl.Port;

    public async Task InitializeAsync()
    {
        var settings = new DaemonSettings
        {
            Server = new ServerSettings { Listen = "127.0.0.1:0", AllowedHosts = ["doomsday.example.com"] },
            StorePath = _dir.Combine("doomsday.db"),
        };
        _host = new WatchHost(new WatchHostOptions { ConfigPath = _dir.Combine("doomsday.yaml"), Loader = new SettingsLoader(settings), WatchConfigFile = false });
        Assert.True((await _host.StartAsync(CancellationToken.None)).Started);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        _dir.Dispose();
    }

    private static string Error(string body) => (string?)JsonNode.Parse(body)!["error"] ?? throw new InvalidOperationException("no error field in " + body);

    [Theory]
    [InlineData("evil.example:{0}")]
    [InlineData("evil.example")]
    [InlineData("127.0.0.1.nip.io:{0}")]
    [InlineData("127.0.0.1:1")] // the right address on another port: not how this daemon is reached
    [InlineData("[::1]:{0}")] // an address the connection did not come in on
    public async Task Request_ForeignHost_Refused421WithJsonError(string host)
    {
        var (status, body, _) = await RawHttp.SendAsync(Port, "POST", "/api/v1/silences", string.Format(System.Globalization.CultureInfo.InvariantCulture, host, Port),
            """{"matchers":[{"name":"alertname","value":".*","isRegex":true}],"duration":"8760h"}""");

        Assert.Equal(421, status);
        Assert.Contains("server.allowedHosts", Error(body));
        Assert.Empty(_host!.Engine.Silences);
    }

    [Theory]
    [InlineData("127.0.0.1:{0}")]
    [InlineData("localhost:{0}")]
    [InlineData("LOCALHOST:{0}")]
    [InlineData("doomsday.example.com")] // configured: any port (a reverse proxy forwards its own)
    [InlineData("doomsday.example.com.:443")]
    public async Task Request_OwnHost_Served(string host)
    {
        var (status, body, _) = await RawHttp.SendAsync(Port, "GET", "/healthz", string.Format(System.Globalization.CultureInfo.InvariantCulture, host, Port));

        Assert.Equal(200, status);
        Assert.Equal("ok\n", body);
    }

    [Theory]
    [InlineData("GET", "/api/v1/nothing-here", null, "application/json", 404, "no such path: /api/v1/nothing-here")]
    [InlineData("PUT", "/api/v1/silences", "{}", "application/json", 405, "PUT is not allowed on /api/v1/silences")]
    [InlineData("POST", "/api/v1/silences", "{\"matchers\": [", "application/json", 400, "JSON")]
    [InlineData("POST", "/api/v1/silences", "matchers=a", "text/plain", 415, "JSON")]
    [InlineData("GET", "/api/v1/incidents?days=soon", null, "application/json", 400, "days")]
    [InlineData("GET", "/api/v1/incidents?days=3000000", null, "application/json", 400, "days must be a whole number of days, from 1 to 36500")]
    [InlineData("POST", "/api/v1/silences", "{\"matchers\":[null],\"duration\":\"1h\"}", "application/json", 400, "a matcher needs a label name")]
    public async Task Request_Error_JsonErrorBodySaysWhat(string method, string path, string? body, string contentType, int expected, string says)
    {
        var (status, answer, head) = await RawHttp.SendAsync(Port, method, path, $"127.0.0.1:{Port}", body, contentType);

        Assert.Equal(expected, status);
        Assert.Contains("application/json", head);
        Assert.Contains(says, Error(answer));
    }

    [Fact]
    public async Task Silence_OverLimits_Refused()
    {
        var matchers = string.Join(",", Enumerable.Range(0, SilenceLimits.MaxMatchers + 1).Select(i => $"{{\"name\":\"l{i}\",\"value\":\"v\"}}"));
        var (manyStatus, manyBody, _) = await RawHttp.SendAsync(Port, "POST", "/api/v1/silences", $"127.0.0.1:{Port}", $"{{\"matchers\":[{matchers}],\"duration\":\"1h\"}}");
        var comment = new string('x', SilenceLimits.MaxCommentLength + 1);
        var (longStatus, longBody, _) = await RawHttp.SendAsync(Port, "POST", "/api/v1/silences", $"127.0.0.1:{Port}",
            $"{{\"matchers\":[{{\"name\":\"probe\",\"value\":\"etcd\"}}],\"duration\":\"1h\",\"comment\":\"{comment}\"}}");
        var huge = new string('x', (int)HttpLimits.MaxBodyBytes + 1);
        var (hugeStatus, hugeBody, _) = await RawHttp.SendAsync(Port, "POST", "/api/v1/silences", $"127.0.0.1:{Port}",
            $"{{\"matchers\":[{{\"name\":\"probe\",\"value\":\"etcd\"}}],\"duration\":\"1h\",\"comment\":\"{huge}\"}}");

        Assert.Equal(400, manyStatus);
        Assert.Contains($"at most {SilenceLimits.MaxMatchers} matchers", Error(manyBody));
        Assert.Equal(400, longStatus);
        Assert.Contains($"'comment' is longer than {SilenceLimits.MaxCommentLength} characters", Error(longBody));
        Assert.Equal(413, hugeStatus);
        Assert.Contains("larger than 128 KiB", Error(hugeBody));
        Assert.Empty(_host!.Engine.Silences);
    }
}
