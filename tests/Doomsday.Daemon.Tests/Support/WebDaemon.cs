using System.Globalization;
using System.Net.Http.Json;
using Doomsday.Daemon.Configuration;
using Doomsday.Daemon.Http.V1;
using Doomsday.Watch.Store;

namespace Doomsday.Daemon.Tests.Support;

/// <summary>
/// A real daemon in-process for the page tests, on a seeded store: a CA and two leaves (3 and 200 days from
/// expiry) on disk, one tcp probe to a closed port (down: ProbeDown fires) and one to a live port (up), a
/// webhook notifier to a real receiver, and an incident from last week already in the store (the store
/// is written before the daemon opens it). <see cref="Token"/> and <see cref="Listen"/> choose the binding.
/// </summary>
public class WebDaemon : IAsyncLifetime
{
    private readonly TempDir _dir = new();

    /// <summary>Where the gateway probe finds nobody listening, held closed until the daemon is disposed.</summary>
    private readonly TcpPorts.ClosedPort _closed = TcpPorts.Closed();
    private WebhookReceiver? _receiver;
    private WatchHost? _host;

    internal StringLog Log { get; } = new();
    public Uri BaseUrl => _host!.BaseUrl;
    public string SoonSha256 { get; private set; } = "";
    public string LaterSha256 { get; private set; } = "";
    public long SeededIncident { get; private set; }
    public string ProbeDownFingerprint { get; private set; } = "";
    public string Dir => _dir.Path;

    /// <summary>One browser for every test of a class (a Chromium start costs seconds on a loaded machine).</summary>
    internal Browser Browser => _browser ?? throw new InvalidOperationException("not started");
    private Browser? _browser;

    protected virtual string? Token => null;
    protected virtual string Listen => $"127.0.0.1:{TcpPorts.Free()}";

    public async Task InitializeAsync()
    {
        var now = DateTimeOffset.UtcNow;
        using (var ca = TestPki.CreateCa("cluster-ca", now.AddDays(-400), now.AddDays(3000)))
        using (var soon = TestPki.CreateServer("apiserver", ["kubernetes.default"], now.AddDays(-362), now.AddDays(3), ca))
        using (var later = TestPki.CreateServer("ingress-shop", ["shop.example"], now.AddDays(-165), now.AddDays(200), ca))
        {
            _dir.File("certs/ca.crt", ca.ExportCertificatePem() + "\n");
            _dir.File("certs/apiserver.crt", soon.ExportCertificatePem() + "\n");
            _dir.File("certs/ingress.crt", later.ExportCertificatePem() + "\n");
            SoonSha256 = TestPki.Sha256(soon);
            LaterSha256 = TestPki.Sha256(later);
        }
        var storePath = _dir.Combine("doomsday.db");
        using (var store = DoomsdayStore.Open(storePath, TimeProvider.System))
        {
            var start = now.AddDays(-7);
            IncidentEvent E(double seconds, string kind, string detail, string? notifier = null, string? id = null) => new(start.AddSeconds(seconds), kind, detail, notifier, id);
            SeededIncident = store.Incidents.Record("00000000000000aa", "ProbeDown", E(0, IncidentEventKinds.FirstFailure, "http probe shop is down (http_status 503)"));
            store.Incidents.Record("00000000000000aa", "ProbeDown", E(30, IncidentEventKinds.Firing, "http probe shop is down (http_status 503)"));
            store.Incidents.Record("00000000000000aa", "ProbeDown", E(31, IncidentEventKinds.NotificationSent, "firing: attempt 1: 200 OK", "hook", "00000000000000aa-1-1-firing"));
            store.Incidents.Record("00000000000000aa", "ProbeDown", E(400, IncidentEventKinds.Acknowledged, "by ada: looking"));
            store.Incidents.Record("00000000000000aa", "ProbeDown", E(1200, IncidentEventKinds.Resolved, "http probe shop is down (http_status 503)"));
            store.ProbeResults.Add(Enumerable.Range(0, 200).Select(i => new StoredProbeResult("api", now.AddMinutes(-200 + i), i % 37 != 0, TimeSpan.FromMilliseconds(3 + i % 11), i % 37 != 0 ? null : "connect_refused", "")));
        }
        _receiver = await WebhookReceiver.StartAsync();
        var config = _dir.File("doomsday.yaml", string.Create(CultureInfo.InvariantCulture, $"""
            certificates:
              paths: [{_dir.Combine("certs")}]
            probes:
              - name: gateway
                kind: tcp
                address: 127.0.0.1:{_closed.Port}
                interval: 200ms
                failureThreshold: 1
              - name: api
                kind: tcp
                address: {_receiver.Url.Authority}
                interval: 500ms
            notifiers:
              - name: hook
                kind: webhook
                url: {_receiver.Url}
            server:
              listen: {Listen}
            {(Token is null ? "" : "  bearerToken: " + Token)}
            store:
              path: {storePath}
            """));
        _host = new WatchHost(new WatchHostOptions { ConfigPath = config, Loader = new WatchConfigFileLoader(_ => null), Log = Log.Log, WatchConfigFile = false });
        var started = await _host.StartAsync(CancellationToken.None);
        Assert.True(started.Started, string.Join("\n", started.Errors));
        using var api = Api();
        var alert = await Eventually.UntilAsync(async () =>
        {
            var inventory = await api.GetFromJsonAsync<V1Inventory>("/api/v1/inventory");
            var alerts = await api.GetFromJsonAsync<List<V1Alert>>("/api/v1/alerts");
            return inventory!.ScannedAt is not null ? alerts!.FirstOrDefault(a => a.Name == "ProbeDown" && a.Status == "firing") : null;
        }, TimeSpan.FromSeconds(60), () => "inventory and a firing ProbeDown\n" + Log);
        ProbeDownFingerprint = alert.Fingerprint;
        _browser = await Browser.LaunchAsync();
    }

    /// <summary>A client of the API (with the bearer token when the daemon has one).</summary>
    public HttpClient Api()
    {
        var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(20) };
        if (Token is not null) http.DefaultRequestHeaders.Authorization = new("Bearer", Token);
        return http;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        if (_host is not null) await _host.DisposeAsync();
        if (_receiver is not null) await _receiver.DisposeAsync();
        _closed.Dispose();
        _dir.Dispose();
    }
}

/// <summary>The same daemon bound to every address (0.0.0.0), which the daemon allows only with a token.</summary>
public sealed class TokenWebDaemon : WebDaemon
{
    public const string Secret = "s3cret-token-for-the-page-tests";
    protected override string? Token => Secret;
    protected override string Listen => $"0.0.0.0:{TcpPorts.Free()}";
}
