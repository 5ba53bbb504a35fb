using System.Net;
using System.Net.Http.Json;
using Doomsday.Core.Sources.Endpoints;
using Doomsday.Daemon.AlertRounds;
using Doomsday.Daemon.Http;
using Doomsday.Daemon.Http.V1;
using Doomsday.Daemon.Logging;
using Doomsday.Daemon.Telemetry;
using Doomsday.Daemon.Workers;
using Doomsday.Watch.Alerting;
using Doomsday.Watch.Notifiers.Delivery;
using Doomsday.Watch.Store;
using Microsoft.Data.Sqlite;

using Doomsday.Daemon.Tests.Support;

namespace Doomsday.Daemon.Tests.Http;

/// <summary>The ack endpoint on a real Kestrel server over loopback, with a real SQLite store that refuses the write.</summary>
public sealed class AlertEndpointsTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDir _dir = new();
    private readonly FixedTimeProvider _time = new(Now);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private DaemonHttpServer? _server;
    private DoomsdayStore? _store;

    [Fact]
    public async Task Ack_StoreRefusesWrite_503WithErrorAndAckNotTaken()
    {
        var (engine, fingerprint) = await StartWithFiringAlertAsync();
        StoreRefusal.Refuse(_store!.Path, "incident_events");

        using var refused = await _http.PostAsJsonAsync(Ack(fingerprint), new V1AckRequest { By = "bob", Comment = "looking" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/json", refused.Content.Headers.ContentType?.MediaType);
        var body = await refused.Content.ReadAsStringAsync();
        var error = System.Text.Json.JsonSerializer.Deserialize<V1Error>(body, System.Text.Json.JsonSerializerOptions.Web)!;
        Assert.Contains("not recorded", error.Error);
        Assert.Contains("refused by test", error.Error);
        Assert.DoesNotContain(" at ", body);
        Assert.DoesNotContain(_store!.Path, body);
        Assert.Null(Assert.Single(engine.States).Ack);
        Assert.Null(AlertStateJson.Deserialize(_store.AlertStates.Get(fingerprint)!).Ack);
        Assert.DoesNotContain(Events(fingerprint), e => e.Kind == IncidentEventKinds.Acknowledged);
        var alerts = await _http.GetFromJsonAsync<List<V1Alert>>(new Uri(_server!.BaseUrl, "/api/v1/alerts"));
        Assert.Null(Assert.Single(alerts!).Acknowledgement);

        StoreRefusal.Allow(_store.Path, "incident_events");
        using var accepted = await _http.PostAsJsonAsync(Ack(fingerprint), new V1AckRequest { By = "bob", Comment = "looking" });

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("bob", Assert.Single(engine.States).Ack?.By);
        Assert.Equal("bob", AlertStateJson.Deserialize(_store.AlertStates.Get(fingerprint)!).Ack?.By);
        Assert.Single(Events(fingerprint), e => e.Kind == IncidentEventKinds.Acknowledged);
    }

    [Fact]
    public async Task Ack_UnknownFingerprintWhileStoreRefuses_Still404()
    {
        await StartWithFiringAlertAsync();
        StoreRefusal.Refuse(_store!.Path, "incident_events");

        using var response = await _http.PostAsJsonAsync(Ack("0000000000000000"), new V1AckRequest { By = "bob" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no pending or firing alert", (await response.Content.ReadFromJsonAsync<V1Error>())!.Error);
    }

    [Fact]
    public async Task Silence_StoreRefusesWrite_503AndNoSilenceAnywhere_ThenCreatedAndExpiredOnRetry()
    {
        var (engine, _) = await StartWithFiringAlertAsync();
        var silences = new Uri(_server!.BaseUrl, "/api/v1/silences");
        var request = new V1SilenceRequest { Matchers = [new V1Matcher("alertname", "CertificateExpiring")], Duration = "2h", CreatedBy = "bob" };
        StoreRefusal.Refuse(_store!.Path, "silences", "INSERT", "UPDATE", "DELETE");

        using var refused = await _http.PostAsJsonAsync(silences, request);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        var body = await refused.Content.ReadAsStringAsync();
        Assert.Contains("the silence was not created", body);
        Assert.Contains("refused by test", body);
        Assert.DoesNotContain(" at ", body);
        Assert.Empty(engine.Silences);
        Assert.Empty(_store!.Silences.NotEndedAt(Now));

        StoreRefusal.Allow(_store.Path, "silences", "INSERT", "UPDATE", "DELETE");
        using var created = await _http.PostAsJsonAsync(silences, request);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = Assert.Single(engine.Silences).Id;
        Assert.Equal(id, Assert.Single(_store.Silences.NotEndedAt(Now)).Id);

        StoreRefusal.Refuse(_store.Path, "silences", "INSERT", "UPDATE", "DELETE");
        using var notExpired = await _http.DeleteAsync(new Uri(silences + "/" + id));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notExpired.StatusCode);
        Assert.Contains("the silence was not expired", await notExpired.Content.ReadAsStringAsync());
        Assert.True(Assert.Single(engine.Silences).EndsAt > _time.GetUtcNow()); // the engine still honours it, as the store does
        Assert.Single(_store.Silences.NotEndedAt(_time.GetUtcNow()));

        StoreRefusal.Allow(_store.Path, "silences", "INSERT", "UPDATE", "DELETE");
        using var expired = await _http.DeleteAsync(new Uri(silences + "/" + id));
        Assert.Equal(HttpStatusCode.OK, expired.StatusCode);
        Assert.Empty(_store.Silences.NotEndedAt(_time.GetUtcNow().AddTicks(1)));
    }

    [Fact]
    public async Task Silence_FilterInAmtoolSyntax_ParsedByTheOneParserAndBadOnesRefusedWithItsError()
    {
        var (engine, fingerprint) = await StartWithFiringAlertAsync();
        var silences = new Uri(_server!.BaseUrl, "/api/v1/silences");

        using var created = await _http.PostAsJsonAsync(silences, new V1SilenceRequest
        {
            Filter = ["{alertname=\"CertificateExpiry\", subject!~\"etcd-.*\"}"], Matchers = [new V1Matcher("severity", "info", IsEqual: false)], Duration = "1h",
        });
        using var badSyntax = await _http.PostAsJsonAsync(silences, new V1SilenceRequest { Filter = ["probe!x"], Duration = "1h" });
        using var matchesEverything = await _http.PostAsJsonAsync(silences, new V1SilenceRequest { Matchers = [new V1Matcher("team", "x", IsEqual: false)], Duration = "1h" });
        using var alert = await _http.GetAsync(new Uri(_server.BaseUrl, "/api/v1/alerts/" + fingerprint));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var silence = (await created.Content.ReadFromJsonAsync<V1Silence>())!;
        Assert.Equal([new V1Matcher("severity", "info", false, false), new V1Matcher("alertname", "CertificateExpiry"), new V1Matcher("subject", "etcd-.*", true, false)], silence.Matchers);
        Assert.True(Assert.Single(engine.Silences).Matches(new Dictionary<string, string> { ["alertname"] = "CertificateExpiry", ["subject"] = "apiserver", ["severity"] = "emergency" }));
        Assert.Equal(HttpStatusCode.BadRequest, badSyntax.StatusCode);
        Assert.Equal("'probe!x': not a matcher: expected NAME=VALUE, NAME!=VALUE, NAME=~REGEX or NAME!~REGEX", (await badSyntax.Content.ReadFromJsonAsync<V1Error>())!.Error);
        Assert.Equal(HttpStatusCode.BadRequest, matchesEverything.StatusCode);
        Assert.Contains("must not match the empty string", (await matchesEverything.Content.ReadFromJsonAsync<V1Error>())!.Error);
        Assert.Equal(HttpStatusCode.OK, alert.StatusCode);
        Assert.Equal(fingerprint, (await alert.Content.ReadFromJsonAsync<V1Alert>())!.Fingerprint);
    }

    [Fact]
    public async Task SilenceAndAck_BodiesWithOnlyTheFieldsACurlUserWrites_Accepted()
    {
        var (engine, fingerprint) = await StartWithFiringAlertAsync();

        // Raw JSON as a user types it: no filter, no isRegex/isEqual, no comment (the client always sends them all).
        using var silence = await _http.PostAsync(new Uri(_server!.BaseUrl, "/api/v1/silences"),
            new StringContent("""{"matchers":[{"name":"alertname","value":"CertificateExpiry"}],"duration":"2h","createdBy":"curl"}""", System.Text.Encoding.UTF8, "application/json"));
        using var ack = await _http.PostAsync(Ack(fingerprint),
            new StringContent("""{"by":"curl","duration":"1h"}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, silence.StatusCode);
        var created = Assert.Single(engine.Silences);
        Assert.Equal("", created.Comment);
        Assert.Equal([new SilenceMatcher("alertname", "CertificateExpiry")], created.Matchers);
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        Assert.Equal("curl", Assert.Single(engine.States).Ack?.By);
    }

    private Uri Ack(string fingerprint) => new(_server!.BaseUrl, $"/api/v1/alerts/{fingerprint}/ack");

    private IEnumerable<IncidentEvent> Events(string fingerprint) => _store!.Incidents.ForFingerprint(fingerprint).SelectMany(i => i.Events);

    /// <summary>A certificate 5 days from expiry, one alert round persisted (firing), then the API on a free loopback port.</summary>
    private async Task<(AlertEngine Engine, string Fingerprint)> StartWithFiringAlertAsync()
    {
        var inventory = await ExpiringInventory.ScanAsync(_dir, _time);
        _store = DoomsdayStore.Open(_dir.Combine("doomsday.db"), _time);
        var engine = new AlertEngine(new AlertingOptions { DefaultNotifiers = ["hook"] }, _time);
        var writer = new DecisionWriter(_store, new Outbox(_store, [], new DeliverySettings()), _ => null, EventLog.Null);
        await new AlertWorker(engine, writer, () => [], () => inventory.Latest, _time).RoundAsync(CancellationToken.None);
        var state = Assert.Single(engine.States);
        Assert.Equal(AlertStatus.Firing, state.Status);

        Assert.True(ListenAddress.TryParse("127.0.0.1:0", out var listen, out var error), error);
        var store = _store;
        _server = DaemonHttpServer.Create(listen!, new ServerSettings(), () => null, EventLog.Null, [app => AlertEndpoints.Map(app, engine, writer, store, _time)]);
        await _server.StartAsync(CancellationToken.None);
        return (engine, state.Fingerprint);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        _store?.Dispose();
        _http.Dispose();
        _dir.Dispose();
    }
}
