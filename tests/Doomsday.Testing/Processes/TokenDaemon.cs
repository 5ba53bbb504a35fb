using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Doomsday.Daemon;
using Doomsday.Daemon.Configuration;
using Doomsday.Daemon.Http.V1;

namespace Doomsday.Testing.Processes;

/// <summary>
/// A running <c>doomsday watch</c> (the real host, in-process, on a free loopback port) with a bearer token
/// and nothing to watch: an empty certificates folder, no probes, a SQLite store. For the tests that write
/// to its API and read back what it stored. <see cref="Http"/> sends the token.
/// </summary>
public sealed class TokenDaemon : IAsyncLifetime
{
    public const string Token = "test-daemon-token-5be1";

    private readonly TempDir _dir = new();
    private WatchHost? _host;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30), DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", Token) } };
    public Uri BaseUrl => _host!.BaseUrl;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir.Combine("certs"));
        var config = _dir.File("doomsday.yaml", string.Create(CultureInfo.InvariantCulture, $"""
            certificates:
              paths: [certs]
              interval: 1h
            server:
              listen: 127.0.0.1:{TcpPorts.Free()}
              bearerToken: {Token}
            store:
              path: doomsday.db
            """));
        _host = new WatchHost(new WatchHostOptions { ConfigPath = config, Loader = new WatchConfigFileLoader(_ => null), WatchConfigFile = false });
        var started = await _host.StartAsync(CancellationToken.None);
        Assert.True(started.Started, string.Join("\n", started.Errors));
    }

    /// <summary>Every incident opened in the last ten years, with its timeline.</summary>
    public async Task<List<V1Incident>> IncidentsAsync() =>
        (await Http.GetFromJsonAsync<List<V1Incident>>(new Uri(BaseUrl, "/api/v1/incidents?days=3650")))!;

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        Http.Dispose();
        _dir.Dispose();
    }
}
