using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Doomsday.Core.Tests.Support;

namespace Doomsday.Cli.Tests.Packaging;

/// <summary>Debian's prometheus on a free 127.0.0.1 port, scraping one target every second; stopped by PID.</summary>
internal sealed class PrometheusServer : IDisposable
{
    private readonly ChildProcess _process;
    private readonly TempDir _dir;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public int Port { get; }

    private PrometheusServer(TempDir dir, ChildProcess process, int port)
    {
        _dir = dir;
        _process = process;
        Port = port;
    }

    /// <summary>Scrapes <paramref name="target"/> (host:port) as job <paramref name="job"/>, with a bearer token when given.</summary>
    public static PrometheusServer Start(string target, string job, string? bearerToken)
    {
        var dir = new TempDir();
        var auth = bearerToken is null ? "" : $"\n    authorization:\n      credentials: {bearerToken}";
        var config = dir.File("prometheus.yml", string.Create(CultureInfo.InvariantCulture, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: {job}
                static_configs:
                  - targets: ['{target}']{auth}
            """));
        var port = TcpPorts.Free();
        var process = new ChildProcess(ChildProcess.Find("prometheus", "/usr/bin/prometheus"),
            ["--config.file", config, "--storage.tsdb.path", dir.Combine("data"), "--web.listen-address", $"127.0.0.1:{port}"]);
        return TcpPorts.WhenListening(new PrometheusServer(dir, process, port), process.Process, [port], () => process.Stderr);
    }

    /// <summary>An instant query's result vector (empty when the query returns no data).</summary>
    public async Task<JsonArray> QueryAsync(string promql)
    {
        var answer = await _http.GetFromJsonAsync<JsonObject>($"http://127.0.0.1:{Port}/api/v1/query?query={Uri.EscapeDataString(promql)}");
        Assert.True((string?)answer?["status"] == "success", $"{promql}: {answer}");
        return answer!["data"]!["result"]!.AsArray();
    }

    public void Dispose()
    {
        _http.Dispose();
        _process.Dispose();
        _dir.Dispose();
    }
}
