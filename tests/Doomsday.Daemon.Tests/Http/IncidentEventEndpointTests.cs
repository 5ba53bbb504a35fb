using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Doomsday.Daemon.Http;
using Doomsday.Daemon.Http.V1;
using Doomsday.Daemon.Tests.Support;
using Doomsday.Watch.Store;

namespace Doomsday.Daemon.Tests.Http;

/// <summary>
/// <c>POST /api/v1/incidents/events</c> on the real daemon host in-process (bearer token set, real SQLite
/// store): what it records is read back through <c>GET /api/v1/incidents</c> and the post-mortem, as an
/// operator would. One daemon for the class; each test uses its own subject.
/// </summary>
public sealed class IncidentEventEndpointTests(TokenDaemon daemon) : IClassFixture<TokenDaemon>
{
    [Fact]
    public async Task Post_RolledBackThenVerified_OneIncidentOpenedThenResolvedInIncidentsAndPostmortem()
    {
        var subject = "cp-1:/etc/kubernetes";

        using var rolledBack = await PostAsync(Body("renewal_rolled_back", subject, "FAILED and rolled back: kube-apiserver did not come back"));
        Assert.Equal(HttpStatusCode.Created, rolledBack.StatusCode);
        var opened = (await rolledBack.Content.ReadFromJsonAsync<V1Incident>())!;
        Assert.Null(opened.ResolvedAt);
        Assert.Equal((IncidentEventEndpoint.IncidentName, IncidentEventEndpoint.Fingerprint(subject)), (opened.AlertName, opened.Fingerprint));
        var listed = (await daemon.Http.GetFromJsonAsync<List<V1Incident>>(new Uri(daemon.BaseUrl, "/api/v1/incidents")))!;
        Assert.Null(Assert.Single(listed, i => i.Id == opened.Id).ResolvedAt); // open until a renewal of the node verifies

        using var verified = await PostAsync(Body("renewal_verified", subject, "renewed 11 certificates; etcd, kube-apiserver restarted and seen serving them"));
        var closed = (await verified.Content.ReadFromJsonAsync<V1Incident>())!;
        Assert.Equal(opened.Id, closed.Id);
        Assert.NotNull(closed.ResolvedAt);
        Assert.Equal([IncidentEventKinds.RenewalRolledBack, IncidentEventKinds.RenewalVerified], closed.Events.Select(e => e.Kind));
        Assert.Equal("doomsday renew on cp-1", closed.Events[1].Notifier);

        var postmortem = await daemon.Http.GetStringAsync(new Uri(daemon.BaseUrl, $"/api/v1/incidents/{closed.Id}/postmortem"));
        Assert.Contains("| Status | resolved |", postmortem, StringComparison.Ordinal);
        Assert.Contains("| renewal rolled back |", postmortem, StringComparison.Ordinal);
        Assert.Contains("| renewed and verified |", postmortem, StringComparison.Ordinal);
        // Told as a renewal, not as an alert: how it began, the failure as evidence, no alert figures.
        Assert.Contains("(renewal rolled back) |", postmortem, StringComparison.Ordinal);
        Assert.Contains("It began with: renewal rolled back; a verified renewal closed it after", postmortem, StringComparison.Ordinal);
        Assert.Contains("last evidence before recovery: FAILED and rolled back: kube-apiserver did not come back", postmortem, StringComparison.Ordinal);
        Assert.Contains("not raised by an alert", postmortem, StringComparison.Ordinal);
        Assert.DoesNotContain("never fired", postmortem, StringComparison.Ordinal);

        // The next successful renewal, with nothing open: an incident of its own, opened and closed by it.
        using var next = await PostAsync(Body("renewal_verified", subject, "renewed 11 certificates"));
        var own = (await next.Content.ReadFromJsonAsync<V1Incident>())!;
        Assert.NotEqual(closed.Id, own.Id);
        Assert.Equal(own.OpenedAt, own.ResolvedAt);
        var ofNode = (await daemon.Http.GetFromJsonAsync<List<V1Incident>>(new Uri(daemon.BaseUrl, "/api/v1/incidents/" + own.Fingerprint)))!;
        Assert.Equal([closed.Id, own.Id], ofNode.Select(i => i.Id));
    }

    [Theory]
    [InlineData("""{"kind":"resolved","subject":"n","detail":"d"}""", "'kind': 'resolved' is not one of renewal_verified, renewal_rolled_back, renewal_needs_attention")]
    [InlineData("""{"subject":"n","detail":"d"}""", "'kind' is required")]
    [InlineData("""{"kind":"renewal_verified","detail":"d"}""", "'subject' is required")]
    [InlineData("""{"kind":"renewal_verified","subject":"n","detail":"  "}""", "'detail' is required")]
    [InlineData("""{"kind":"renewal_verified","subject":"n","detail":"d","at":"yesterday"}""", "Path: $.at")]
    [InlineData("""{"kind":"renewal_verified","subject":"n","detail":"d","at":"2999-01-01T00:00:00Z"}""", "'at' (2999-01-01T00:00:00.0000000+00:00) is more than 5 minutes after the daemon's clock")]
    [InlineData("""{"kind":"renewal_verified","subject":"n","detail":"d","at":"2001-01-01T00:00:00Z"}""", "'at' (2001-01-01T00:00:00.0000000+00:00) is more than 24 hours before the daemon's clock")]
    [InlineData("""{"kind":"renewal_verified","subject":"n","detail":"d"} x""", "the body is not a V1IncidentEventRequest: ")]
    [InlineData("null", "the body must be a JSON object")]
    public async Task Post_BadBody_400NamingTheFieldAndNothingRecorded(string body, string reason)
    {
        var before = (await daemon.IncidentsAsync()).Count;

        using var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, (await response.Content.ReadFromJsonAsync<V1Error>())!.Error, StringComparison.Ordinal);
        Assert.Equal(before, (await daemon.IncidentsAsync()).Count);
    }

    [Fact]
    public async Task Post_DetailOverTheLimit_400NamingTheLimit()
    {
        using var response = await PostAsync(Body("renewal_verified", "n", new string('x', V1IncidentEventRequest.MaxDetailLength + 1)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("'detail' is longer than 4096 characters (4097 given)", (await response.Content.ReadFromJsonAsync<V1Error>())!.Error);
    }

    [Fact]
    public async Task Post_NotJson_415()
    {
        using var content = new StringContent("kind=renewal_verified", Encoding.UTF8, "application/x-www-form-urlencoded");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(daemon.BaseUrl, IncidentEventEndpoint.Path)) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TokenDaemon.Token);

        using var response = await daemon.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-token")]
    public async Task Post_NoOrWrongToken_401AndNothingRecorded(string? token)
    {
        var before = (await daemon.IncidentsAsync()).Count;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(daemon.BaseUrl, IncidentEventEndpoint.Path))
        {
            Content = new StringContent(Body("renewal_verified", "intruder", "renewed"), Encoding.UTF8, "application/json"),
        };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var anonymous = new HttpClient();

        using var response = await anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal(before, (await daemon.IncidentsAsync()).Count);
    }

    private Task<HttpResponseMessage> PostAsync(string json) =>
        daemon.Http.PostAsync(new Uri(daemon.BaseUrl, IncidentEventEndpoint.Path), new StringContent(json, Encoding.UTF8, "application/json"));

    private static string Body(string kind, string subject, string detail) =>
        System.Text.Json.JsonSerializer.Serialize(new V1IncidentEventRequest { Kind = kind, Subject = subject, Detail = detail, By = "doomsday renew on cp-1" },
            V1Json.Default.V1IncidentEventRequest);
}
