using System.Text.Json;
using Doomsday.Watch.Notifiers;
using Doomsday.Watch.Notifiers.Delivery;
using Doomsday.Watch.Notifiers.Slack;
using Doomsday.Watch.Store;

namespace Doomsday.Watch.Tests.Notifiers.Slack;

public sealed class SlackNotifierTests : IDisposable
{
    private readonly HttpReceiver _slack = new();
    private readonly TempDir _dir = new();

    public void Dispose()
    {
        _slack.Dispose();
        _dir.Dispose();
    }

    private INotifier Notifier(string path = "/services/T000/B000/XXXX") =>
        NotifierKinds.Create(new SlackNotifierOptions { Name = "oncall", Url = _slack.Url + path }, new NotifierContext(TimeProvider.System));

    [Fact]
    public async Task SendAsync_Firing_PostsHeaderFieldsDetailRunbookAndTextFallback()
    {
        var result = await Notifier().SendAsync(SampleNotifications.Firing("n-1"), CancellationToken.None);

        Assert.Equal(DeliveryStatus.Delivered, result.Status);
        using var doc = JsonDocument.Parse(Assert.Single(_slack.Requests).Body);
        var root = doc.RootElement;
        Assert.Contains("[FIRING:critical] ApiServerDown", root.GetProperty("text").GetString());
        var blocks = root.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal("header", blocks[0].GetProperty("type").GetString());
        Assert.StartsWith("[FIRING:critical] ApiServerDown", blocks[0].GetProperty("text").GetProperty("text").GetString());
        var fields = blocks.Single(b => b.TryGetProperty("fields", out _)).GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("text").GetString()).ToList();
        Assert.Contains("*cluster*\nprod", fields);
        var texts = blocks.Where(b => b.TryGetProperty("text", out _)).Select(b => b.GetProperty("text").GetProperty("text").GetString()!).ToList();
        Assert.Contains(texts, t => t.Contains("[-]etcd failed", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("https://runbooks.example/apiserver", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(500, DeliveryStatus.Retry)]
    [InlineData(503, DeliveryStatus.Retry)]
    [InlineData(408, DeliveryStatus.Retry)]
    [InlineData(404, DeliveryStatus.Failed)]
    [InlineData(400, DeliveryStatus.Failed)]
    public async Task SendAsync_HttpStatus_ClassifiedAsRetryOrFailed(int status, DeliveryStatus expected)
    {
        _slack.Respond = _ => Task.FromResult(new HttpReceiver.Answer(status, Body: "invalid_payload"));

        var result = await Notifier().SendAsync(SampleNotifications.Firing("n-1"), CancellationToken.None);

        Assert.Equal(expected, result.Status);
        Assert.StartsWith($"HTTP {status}", result.Detail);
    }

    [Fact]
    public async Task Outbox_429WithRetryAfterThen200_OneMessageAcceptedAfterTheWait()
    {
        var calls = 0;
        _slack.Respond = _ => Task.FromResult(Interlocked.Increment(ref calls) == 1
            ? new HttpReceiver.Answer(429, new Dictionary<string, string> { ["Retry-After"] = "2" }, "rate_limited")
            : new HttpReceiver.Answer(200));
        using var store = DoomsdayStore.Open(_dir.Combine("slack.db"), TimeProvider.System);
        var outbox = new Outbox(store, [Notifier()], new DeliverySettings { BaseBackoff = TimeSpan.FromMilliseconds(50) });
        using var cts = new CancellationTokenSource();

        outbox.Enqueue(SampleNotifications.Firing("n-1"), ["oncall"]);
        var run = outbox.RunAsync(cts.Token);
        await _slack.WaitForAsync(r => r.Count >= 2, TimeSpan.FromSeconds(30));
        await Eventually.UntilAsync(() => store.Outbox.All()[0].State == OutboxStates.Sent, TimeSpan.FromSeconds(10), () => store.Outbox.All()[0].LastDetail);
        await cts.CancelAsync();
        await run;

        var requests = _slack.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal(requests[0].Body, requests[1].Body);
        Assert.True(HttpReceiver.Elapsed(requests[0].Timestamp, requests[1].Timestamp) >= TimeSpan.FromSeconds(2),
            $"retried after {HttpReceiver.Elapsed(requests[0].Timestamp, requests[1].Timestamp)}");
        var row = Assert.Single(store.Outbox.All());
        Assert.Equal(2, row.Attempts);
        var events = Assert.Single(store.Incidents.ForFingerprint("fp-apiserver")).Events;
        Assert.Equal([IncidentEventKinds.NotificationRetry, IncidentEventKinds.NotificationSent], events.Select(e => e.Kind));
        Assert.Contains("HTTP 429", events[0].Detail);
    }
}
