using Doomsday.Watch.Notifiers;
using Doomsday.Watch.Notifiers.Delivery;
using Doomsday.Watch.Notifiers.Email;
using Doomsday.Watch.Notifiers.Slack;
using Doomsday.Watch.Notifiers.Webhook;
using Doomsday.Watch.Store;

namespace Doomsday.Watch.Tests.Notifiers;

/// <summary>Slack URLs, webhook tokens and SMTP passwords are credentials: no detail, stored row or incident event may carry them.</summary>
public sealed class NotifierSecretTests : IDisposable
{
    private const string Token = "T0SECRET/B0SECRET/xoxb-sekrit-token";
    private const string HeaderToken = "Bearer hdr-sekrit-token";
    private const string Password = "hunter2-sekrit-password";
    private readonly HttpReceiver _server = new();
    private readonly TempDir _dir = new();

    public void Dispose()
    {
        _server.Dispose();
        _dir.Dispose();
    }

    [Theory]
    [InlineData(500)]
    [InlineData(404)]
    [InlineData(429)]
    [InlineData(200)]
    public async Task Detail_ReceiverEchoesTheRequestUrl_SecretsRedactedEverywhere(int status)
    {
        // a verbose receiver that echoes the whole request URL (and so the token) and the credentials it got
        _server.Respond = r => Task.FromResult(new HttpReceiver.Answer(status,
            Body: $"no such hook {r.Path} {_server.Url}{r.Path} auth={r.Headers.GetValueOrDefault("Authorization")}"));
        using var refused = TcpPorts.Closed(); // nobody listens there until the test ends: the Slack post is refused
        var context = new NotifierContext(TimeProvider.System);
        var smtp = SmtpSink.Start();
        INotifier[] notifiers =
        [
            NotifierKinds.Create(new SlackNotifierOptions { Name = "slack", Url = $"{_server.Url}/services/{Token}" }, context),
            NotifierKinds.Create(new SlackNotifierOptions { Name = "slack-down", Url = $"http://127.0.0.1:{refused.Port}/services/{Token}" }, context),
            NotifierKinds.Create(new WebhookNotifierOptions { Name = "hook", Url = $"{_server.Url}/hook?token={Uri.EscapeDataString(Token)}", Headers = new Dictionary<string, string> { ["Authorization"] = HeaderToken } }, context),
            NotifierKinds.Create(new EmailNotifierOptions { Name = "mail", Smtp = $"127.0.0.1:{smtp.Port}", From = "a@example.org", To = ["b@example.org"], Username = "doomsday", Password = Password }, context),
        ];
        using var store = DoomsdayStore.Open(_dir.Combine("secrets.db"), TimeProvider.System);
        var outbox = new Outbox(store, notifiers, new DeliverySettings());

        var direct = await new NotificationTester(TimeProvider.System).TestAsync(notifiers, CancellationToken.None);
        outbox.Enqueue(SampleNotifications.Firing("n-1"), notifiers.Select(n => n.Options.Name));
        await outbox.RunOnceAsync(CancellationToken.None);
        smtp.Dispose();

        var texts = direct.Select(r => r.Result.Detail)
            .Concat(store.Outbox.All().Select(r => r.LastDetail))
            .Concat(store.Incidents.ForFingerprint("fp-apiserver").SelectMany(i => i.Events).Select(e => e.Detail))
            .ToList();
        Assert.Equal(4 + 4 + 4, texts.Count);
        Assert.Contains(texts, t => t.Contains("HTTP " + status, StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("authentication", StringComparison.Ordinal));
        foreach (var text in texts)
        {
            Assert.DoesNotContain("sekrit", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("/services/", text, StringComparison.Ordinal);
        }
    }
}
