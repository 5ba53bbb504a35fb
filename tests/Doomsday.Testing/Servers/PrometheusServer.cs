using System.Text.Json;

namespace Doomsday.Testing.Servers;

/// <summary>
/// Debian's Prometheus 2.42 (package prometheus, installed by scripts/install-test-deps) on a free
/// 127.0.0.1 port, its TSDB in a temporary directory, with a given configuration; stopped by its PID.
/// Queries go through its HTTP API.
/// </summary>
internal sealed class PrometheusServer : IDisposable
{
    public const string Path = "/usr/bin/prometheus";

    private readonly ChildProcess _process;
    private readonly HttpClient _http = new();

    public int Port { get; }

    private PrometheusServer(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public string Stderr => _process.Stderr;

    /// <summary>Starts with <paramref name="config"/> (prometheus.yml text) written in <paramref name="dir"/>, which also holds the TSDB.</summary>
    public static PrometheusServer Start(string dir, string config)
    {
        Assert.True(File.Exists(Path), $"{Path} is missing: run scripts/install-test-deps (Debian package prometheus)");
        var port = TcpPorts.Free();
        var file = System.IO.Path.Combine(dir, "prometheus.yml");
        File.WriteAllText(file, config);
        var process = new ChildProcess(Path,
        [
            "--config.file", file, "--storage.tsdb.path", System.IO.Path.Combine(dir, "tsdb"), "--web.listen-address", $"127.0.0.1:{port}",
        ]);
        return TcpPorts.WhenListening(new PrometheusServer(process, port), process.Process, [port], () => process.Stderr);
    }

    /// <summary>Waits until Prometheus says it is ready (<c>/-/ready</c> answers 200 once its TSDB and rules are loaded).</summary>
    public Task WaitReadyAsync(TimeSpan deadline) => Eventually.UntilAsync(async () =>
    {
        using var response = await _http.GetAsync($"http://127.0.0.1:{Port}/-/ready");
        return response.IsSuccessStatusCode;
    }, deadline, () => "prometheus ready:\n" + Stderr);

    /// <summary>An instant query's result vector (each item's labels and value); empty when the query has no data.</summary>
    public async Task<List<(Dictionary<string, string> Labels, double Value)>> QueryAsync(string promql)
    {
        using var doc = await GetAsync("/api/v1/query?query=" + Uri.EscapeDataString(promql));
        var data = doc.RootElement.GetProperty("data");
        var result = new List<(Dictionary<string, string>, double)>();
        if (data.GetProperty("resultType").GetString() is "scalar")
        {
            result.Add((new Dictionary<string, string>(), ParseValue(data.GetProperty("result"))));
            return result;
        }
        foreach (var item in data.GetProperty("result").EnumerateArray())
        {
            var labels = item.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
            result.Add((labels, ParseValue(item.GetProperty("value"))));
        }
        return result;
    }

    /// <summary>Every alerting rule loaded: (group, name, state: inactive, pending, firing), from <c>/api/v1/rules</c>.</summary>
    public async Task<List<(string Group, string Name, string State)>> RulesAsync()
    {
        using var doc = await GetAsync("/api/v1/rules?type=alert");
        return doc.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray()
            .SelectMany(g => g.GetProperty("rules").EnumerateArray()
                .Select(r => (g.GetProperty("name").GetString()!, r.GetProperty("name").GetString()!, r.GetProperty("state").GetString()!)))
            .ToList();
    }

    /// <summary>Scrape targets and their health (<c>up</c>, <c>down</c>) and last error.</summary>
    public async Task<List<(string ScrapeUrl, string Health, string LastError)>> TargetsAsync()
    {
        using var doc = await GetAsync("/api/v1/targets");
        return doc.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray()
            .Select(t => (t.GetProperty("scrapeUrl").GetString()!, t.GetProperty("health").GetString()!, t.GetProperty("lastError").GetString()!))
            .ToList();
    }

    private async Task<JsonDocument> GetAsync(string pathAndQuery)
    {
        using var response = await _http.GetAsync($"http://127.0.0.1:{Port}{pathAndQuery}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{pathAndQuery}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body);
    }

    private static double ParseValue(JsonElement pair) =>
        double.Parse(pair[1].GetString()!, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose()
    {
        _http.Dispose();
        _process.Dispose();
    }
}
