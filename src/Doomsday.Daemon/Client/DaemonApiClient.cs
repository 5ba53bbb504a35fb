using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Doomsday.Daemon.Http.V1;

namespace Doomsday.Daemon.Client;

/// <summary>
/// The CLI's side of the daemon's API (<c>status</c>, <c>alerts</c>, <c>incidents</c>, <c>postmortem</c>, <c>silence</c>, <c>ack</c>, <c>renew</c>):
/// the same V1 DTOs the server writes, read and written with source-generated JSON.
/// </summary>
public sealed class DaemonApiClient(HttpClient http, Uri baseUrl, string? token)
{
    private static V1Json Json => V1Json.Default;

    public Uri BaseUrl => baseUrl;

    /// <summary>The daemon's URL fit to print: a password or token in it (<c>http://user:pass@host</c>, <c>?token=</c>) redacted.</summary>
    public string ShownUrl { get; } = Doomsday.Core.Secrets.UrlSecrets.Redact(baseUrl.ToString());

    public Task<V1Status> StatusAsync(CancellationToken ct) => GetAsync("/api/v1/status", Json.V1Status, ct);

    /// <summary>Alerts the engine tracks; <paramref name="status"/> <c>pending</c>, <c>firing</c> or <c>resolved</c> for one kind only.</summary>
    public Task<List<V1Alert>> ListAlertsAsync(string? status, CancellationToken ct) =>
        GetAsync("/api/v1/alerts" + (status is null ? "" : "?status=" + Uri.EscapeDataString(status)), Json.ListV1Alert, ct);

    public Task<List<V1Incident>> ListIncidentsAsync(int days, CancellationToken ct) =>
        GetAsync($"/api/v1/incidents?days={days}", Json.ListV1Incident, ct);

    public Task<V1Incident> IncidentAsync(long id, CancellationToken ct) => GetAsync($"/api/v1/incidents/{id}", Json.V1Incident, ct);

    public Task<List<V1Incident>> IncidentsOfAlertAsync(string fingerprint, CancellationToken ct) =>
        GetAsync("/api/v1/incidents/" + Uri.EscapeDataString(fingerprint), Json.ListV1Incident, ct);

    public Task<List<V1Silence>> ListSilencesAsync(CancellationToken ct) => GetAsync("/api/v1/silences", Json.ListV1Silence, ct);

    public Task<V1Silence> AddSilenceAsync(V1SilenceRequest request, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, "/api/v1/silences", JsonContent.Create(request, Json.V1SilenceRequest), Json.V1Silence, ct);

    public Task<V1Silence> ExpireSilenceAsync(string id, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, "/api/v1/silences/" + Uri.EscapeDataString(id), null, Json.V1Silence, ct);

    public Task<V1Alert> AcknowledgeAsync(string fingerprint, V1AckRequest request, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"/api/v1/alerts/{Uri.EscapeDataString(fingerprint)}/ack", JsonContent.Create(request, Json.V1AckRequest), Json.V1Alert, ct);

    /// <summary>Acknowledges every pending or firing alert that <see cref="V1AckRequest.Filter"/>/<see cref="V1AckRequest.Matchers"/> match.</summary>
    public Task<List<V1Alert>> AcknowledgeMatchingAsync(V1AckRequest request, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, "/api/v1/alerts/ack", JsonContent.Create(request, Json.V1AckRequest), Json.ListV1Alert, ct);

    /// <summary>Writes an event into the incident log (<c>POST /api/v1/incidents/events</c>); the subject's incident as it is now.</summary>
    public Task<V1Incident> RecordIncidentEventAsync(V1IncidentEventRequest request, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, "/api/v1/incidents/events", JsonContent.Create(request, Json.V1IncidentEventRequest), Json.V1Incident, ct);

    /// <summary>The post-mortem draft of incident <paramref name="id"/>, as Markdown.</summary>
    public async Task<string> PostmortemAsync(long id, CancellationToken ct)
    {
        using var response = await SendCheckedAsync(HttpMethod.Get, $"/api/v1/incidents/{id}/postmortem", null, ct).ConfigureAwait(false);
        return await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
    }

    private Task<T> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken ct) => SendAsync(HttpMethod.Get, path, null, type, ct);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? body, JsonTypeInfo<T> type, CancellationToken ct)
    {
        using var response = await SendCheckedAsync(method, path, body, ct).ConfigureAwait(false);
        try
        {
            return await response.Content.ReadFromJsonAsync(type, ct).ConfigureAwait(false)
                ?? throw new DaemonApiException("the daemon answered with an empty body");
        }
        catch (JsonException)
        {
            throw new DaemonApiException($"the daemon at {ShownUrl} answered with something that is not its API's JSON (another program on that port?)");
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            throw new DaemonApiException($"the daemon at {ShownUrl} stopped answering in the middle of its answer");
        }
    }

    /// <summary>The daemon's answer when it is a success (the caller disposes it); otherwise a <see cref="DaemonApiException"/> saying what went wrong.</summary>
    private async Task<HttpResponseMessage> SendCheckedAsync(HttpMethod method, string path, HttpContent? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(baseUrl, path));
        if (!string.IsNullOrEmpty(token)) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Content = body;
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new DaemonApiException($"cannot reach the daemon at {ShownUrl}: {Describe(e)} (is 'doomsday watch' running? --url, --config)");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new DaemonApiException($"the daemon at {ShownUrl} did not answer in time");
        }
        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.Unauthorized)
                throw new DaemonApiException("the daemon wants a bearer token: pass --token or set $DOOMSDAY_TOKEN (or --config with server.bearerToken)");
            string detail;
            try
            {
                detail = (await response.Content.ReadFromJsonAsync(Json.V1Error, ct).ConfigureAwait(false))?.Error ?? "";
            }
            catch (JsonException)
            {
                detail = "";
            }
            throw new DaemonApiException($"the daemon answered {(int)response.StatusCode} {response.ReasonPhrase}" + (detail.Length > 0 ? ": " + detail : ""));
        }
    }

    /// <summary>"connection refused", not the exception's type or stack.</summary>
    private static string Describe(HttpRequestException e) => e.HttpRequestError switch
    {
        HttpRequestError.ConnectionError when e.InnerException is System.Net.Sockets.SocketException s => s.SocketErrorCode switch
        {
            System.Net.Sockets.SocketError.ConnectionRefused => "connection refused",
            System.Net.Sockets.SocketError.HostNotFound or System.Net.Sockets.SocketError.NoData => "no such host",
            System.Net.Sockets.SocketError.TimedOut => "timed out",
            var code => code.ToString(),
        },
        HttpRequestError.NameResolutionError => "no such host",
        HttpRequestError.SecureConnectionError => "TLS handshake failed",
        var other => other.ToString(),
    };
}
