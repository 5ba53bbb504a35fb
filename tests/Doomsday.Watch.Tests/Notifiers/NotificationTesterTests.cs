using Doomsday.Watch.Notifiers;
using Doomsday.Watch.Notifiers.Slack;
using Doomsday.Watch.Notifiers.Webhook;

namespace Doomsday.Watch.Tests.Notifiers;

public sealed class NotificationTesterTests : IDisposable
{
    private readonly HttpReceiver _ok = new();
    private readonly HttpReceiver _hanging = new();
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Dispose()
    {
        _release.TrySetResult();
        _ok.Dispose();
        _hanging.Dispose();
    }

    [Fact]
    public async Task TestAsync_ThreeNotifiers_ReportsEachAnswerInOrder()
    {
        _hanging.Respond = async _ =>
        {
            await _release.Task;
            return new HttpReceiver.Answer(200);
        };
        var context = new NotifierContext(TimeProvider.System);
        using var closed = TcpPorts.Closed(); // nobody listens there until the test ends
        INotifier[] notifiers =
        [
            NotifierKinds.Create(new SlackNotifierOptions { Name = "oncall", Url = _ok.Url + "/slack" }, context),
            NotifierKinds.Create(new WebhookNotifierOptions { Name = "hooks", Url = $"http://127.0.0.1:{closed.Port}/" }, context),
            NotifierKinds.Create(new WebhookNotifierOptions { Name = "slow", Url = _hanging.Url, Timeout = TimeSpan.FromMilliseconds(300) }, context),
        ];

        var results = await new NotificationTester(TimeProvider.System).TestAsync(notifiers, CancellationToken.None);

        Assert.Equal(["oncall", "hooks", "slow"], results.Select(r => r.Notifier));
        Assert.Equal(["slack", "webhook", "webhook"], results.Select(r => r.Kind));
        Assert.Equal(DeliveryStatus.Delivered, results[0].Result.Status);
        Assert.Equal(DeliveryStatus.Retry, results[1].Result.Status);
        Assert.Contains("refused", results[1].Result.Detail);
        Assert.Equal(DeliveryStatus.Retry, results[2].Result.Status);
        Assert.Contains("timed out", results[2].Result.Detail);
        Assert.Contains("[TEST]", Assert.Single(_ok.Requests).Body);
    }

    [Fact]
    public async Task TestAsync_DaemonLabelsAndSeverityNames_CarriedLikeARealAlert()
    {
        var webhook = NotifierKinds.Create(
            new WebhookNotifierOptions { Name = "hooks", Url = _ok.Url, Severities = new Dictionary<string, string> { ["info"] = "none" } },
            new NotifierContext(TimeProvider.System));

        await new NotificationTester(TimeProvider.System, new Dictionary<string, string> { ["cluster"] = "prod" }).TestAsync([webhook], CancellationToken.None);

        var labels = System.Text.Json.JsonDocument.Parse(Assert.Single(_ok.Requests).Body).RootElement.GetProperty("alerts")[0].GetProperty("labels");
        Assert.Equal(("prod", "none", "DoomsdayTest"), (labels.GetProperty("cluster").GetString(), labels.GetProperty("severity").GetString(), labels.GetProperty("alertname").GetString()));
    }
}
