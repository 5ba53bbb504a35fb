using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using Doomsday.Daemon.Http.V1;

namespace Doomsday.Daemon.Client;

/// <summary>The CLI's side of the daemon's API (<c>silence</c>, <c>ack</c>): the same V1 DTOs the server writes.</summary>
public sealed class DaemonApiClient(HttpClient http, Uri baseUrl, string? token)
{
    public Task<List<V1Silence>> ListSilencesAsync(CancellationToken ct) =>
        SendAsync(HttpMethod.Get, "/api/v1/silences", null, V1Json.Default.ListV1Silence, ct);

    public Task<V1Silence> AddSilenceAsync(V1SilenceRequest request, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, "/api/v1/silences", JsonContent.Create(request, V1Json.Default.V1SilenceRequest), V1Json.Default.V1Silence, ct);

    public Task<V1Silence> ExpireSilenceAsync(string id, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, "/api/v1/silences/" + Uri.EscapeDataString(id), null, V1Json.Default.V1Silence, ct);

    public Task<V1Alert> AcknowledgeAsync(string fingerprint, V1AckRequest request, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"/api/v1/alerts/{Uri.EscapeDataString(fingerprint)}/ack", JsonContent.Create(request, V1Json.Default.V1AckRequest), V1Json.Default.V1Alert, ct);

    /// <summary>Acknowledges every pending or firing alert that <see cref="V1AckRequest.Filter"/>/<see cref="V1AckRequest.Matchers"/> match.</summary>
    public Task<List<V1Alert>> AcknowledgeMatchingAsync(V1AckRequest request, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, "/api/v1/alerts/ack", JsonContent.Create(request, V1Json.Default.V1AckRequest), V1Json.Default.ListV1Alert, ct);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? body, JsonTypeInfo<T> answer, CancellationToken ct)
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
            throw new DaemonApiException($"cannot reach the daemon at {baseUrl}: {e.HttpRequestError} (is 'doomsday watch' running? --url)");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new DaemonApiException($"the daemon at {baseUrl} did not answer in time");
        }
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.Unauthorized)
                throw new DaemonApiException("the daemon wants a bearer token: pass --token or set $DOOMSDAY_TOKEN");
            if (!response.IsSuccessStatusCode)
            {
                string detail;
                try
                {
                    detail = (await response.Content.ReadFromJsonAsync(V1Json.Default.V1Error, ct).ConfigureAwait(false))?.Error ?? "";
                }
                catch (System.Text.Json.JsonException)
                {
                    detail = "";
                }
                throw new DaemonApiException($"the daemon answered {(int)response.StatusCode} {response.ReasonPhrase}" + (detail.Length > 0 ? ": " + detail : ""));
            }
            return await response.Content.ReadFromJsonAsync(answer, ct).ConfigureAwait(false)
                ?? throw new DaemonApiException("the daemon answered with an empty body");
        }
    }
}
