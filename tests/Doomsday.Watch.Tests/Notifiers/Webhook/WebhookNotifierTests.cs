using System.Text.Json;
using Doomsday.Watch.Notifiers;
using Doomsday.Watch.Notifiers.Webhook;

namespace Doomsday.Watch.Tests.Notifiers.Webhook;

public sealed class WebhookNotifierTests : IDisposable
{
    private readonly HttpReceiver _hook = new();

    public void Dispose() => _hook.Dispose();

    [Fact]
    public async Task SendAsync_Firing_PostsAlertmanagerVersion4PayloadWithIdempotencyKey()
    {
        var notifier = NotifierKinds.Create(
            new WebhookNotifierOptions { Name = "hooks", Url = _hook.Url + "/hook", Headers = new Dictionary<string, string> { ["X-Team"] = "sre" } },
            new NotifierContext(TimeProvider.System) { ExternalUrl = "http://doomsday.example:9797" });

        var result = await notifier.SendAsync(SampleNotifications.Firing("n-42"), CancellationToken.None);

        Assert.Equal(DeliveryStatus.Delivered, result.Status);
        var request = Assert.Single(_hook.Requests);
        Assert.Equal("n-42", request.Headers["Idempotency-Key"]);
        Assert.Equal("sre", request.Headers["X-Team"]);
        using var doc = JsonDocument.Parse(request.Body);
        var root = doc.RootElement;
        Assert.Equal("4", root.GetProperty("version").GetString());
        Assert.Equal("firing", root.GetProperty("status").GetString());
        Assert.Equal("hooks", root.GetProperty("receiver").GetString());
        Assert.Equal("n-42", root.GetProperty("idempotencyKey").GetString());
        Assert.Equal("ApiServerDown", root.GetProperty("groupLabels").GetProperty("alertname").GetString());
        Assert.Equal("critical", root.GetProperty("commonLabels").GetProperty("severity").GetString());
        Assert.Equal("apiserver down", root.GetProperty("commonAnnotations").GetProperty("summary").GetString());
        Assert.Equal("http://doomsday.example:9797", root.GetProperty("externalURL").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("groupKey").GetString()));
        var alert = Assert.Single(root.GetProperty("alerts").EnumerateArray());
        Assert.Equal("prod", alert.GetProperty("labels").GetProperty("cluster").GetString());
        Assert.Equal("2026-11-27T10:00:00.000Z", alert.GetProperty("startsAt").GetString());
        Assert.Equal("0001-01-01T00:00:00Z", alert.GetProperty("endsAt").GetString());
        Assert.Equal("fp-apiserver", alert.GetProperty("fingerprint").GetString());
        Assert.StartsWith("http://doomsday.example:9797/", alert.GetProperty("generatorURL").GetString());
    }

    [Fact]
    public async Task SendAsync_Resolved_SetsStatusAndEndsAt()
    {
        var notifier = NotifierKinds.Create(new WebhookNotifierOptions { Name = "hooks", Url = _hook.Url }, new NotifierContext(TimeProvider.System));
        var end = SampleNotifications.Start + TimeSpan.FromMinutes(7);

        await notifier.SendAsync(SampleNotifications.Resolved("n-43", end), CancellationToken.None);

        using var doc = JsonDocument.Parse(Assert.Single(_hook.Requests).Body);
        Assert.Equal("resolved", doc.RootElement.GetProperty("status").GetString());
        Assert.Equal("2026-11-27T10:07:00.000Z", doc.RootElement.GetProperty("alerts")[0].GetProperty("endsAt").GetString());
    }

    [Fact]
    public async Task SendAllAsync_SeverityNamesConfigured_PayloadCarriesTheNotifiersName()
    {
        var notifier = NotifierKinds.Create(
            new WebhookNotifierOptions { Name = "hooks", Url = _hook.Url, Severities = new Dictionary<string, string> { ["expired"] = "critical" } },
            new NotifierContext(TimeProvider.System));

        await NotifierAttempt.SendAllAsync(notifier, SampleNotifications.Firing("n-1") with { Severity = "expired" }, CancellationToken.None);
        await NotifierAttempt.SendAllAsync(notifier, SampleNotifications.Firing("n-2") with { Severity = "warning" }, CancellationToken.None);

        var severities = _hook.Requests.OrderBy(r => r.Headers["Idempotency-Key"], StringComparer.Ordinal)
            .Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("alerts")[0].GetProperty("labels").GetProperty("severity").GetString());
        Assert.Equal(["critical", "warning"], severities);
    }
}
