using System.Net.Http.Json;
using Doomsday.Daemon.Http.V1;

namespace Doomsday.Daemon.Tests.Support;

/// <summary>Reads the daemon's API as a client would (no token).</summary>
internal sealed class DaemonApi(Uri baseUrl) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public Uri BaseUrl => baseUrl;

    public async Task<List<V1Probe>> ProbesAsync() => (await _http.GetFromJsonAsync<List<V1Probe>>(new Uri(baseUrl, "/api/v1/probes")))!;

    public async Task<List<V1Alert>> AlertsAsync() => (await _http.GetFromJsonAsync<List<V1Alert>>(new Uri(baseUrl, "/api/v1/alerts")))!;

    public async Task<List<V1Incident>> IncidentsAsync(string fingerprint) =>
        (await _http.GetFromJsonAsync<List<V1Incident>>(new Uri(baseUrl, "/api/v1/incidents/" + fingerprint)))!;

    public Task<string> MetricsAsync() => _http.GetStringAsync(new Uri(baseUrl, "/metrics"));

    public void Dispose() => _http.Dispose();
}
