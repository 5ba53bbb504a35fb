using System.Text.Json;
using Doomsday.Watch.Notifiers;
using Doomsday.Watch.Notifiers.Alertmanager;
using Doomsday.Watch.Notifiers.Delivery;
using Doomsday.Watch.Store;

namespace Doomsday.Watch.Tests.Notifiers.Alertmanager;

/// <summary>Against Debian's real Alertmanager, whose own webhook receiver is an in-test HTTP server.</summary>
public sealed class AlertmanagerNotifierTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly List<IDisposable> _owned = [];

    public void Dispose()
    {
        foreach (var d in Enumerable.Reverse(_owned)) d.Dispose();
    }

    private T Own<T>(T d) where T : IDisposable
    {
        _owned.Add(d);
        return d;
    }

    private static INotifier Notifier(params string[] urls) =>
        NotifierKinds.Create(new AlertmanagerNotifierOptions { Name = "am", Urls = urls, Timeout = TimeSpan.FromSeconds(5) }, new NotifierContext(TimeProvider.System));

    private static bool HasWebhook(IReadOnlyList<HttpReceiver.Received> requests, string status) =>
        requests.Any(r => r.Path == "/am" && Webhook(r).GetProperty("status").GetString() == status);

    private static JsonElement Webhook(HttpReceiver.Received r) => JsonDocument.Parse(r.Body).RootElement;

    [Fact]
    public async Task SendAsync_FiringThenResolved_AlertmanagerWebhookGetsBothAndResolveSetsEndsAt()
    {
        var hook = Own(new HttpReceiver());
        var am = Own(AlertmanagerServer.Start(hook.Url + "/am"));
        var notifier = Notifier(am.Url);
        var startsAt = DateTimeOffset.UtcNow.AddMinutes(-1);

        var fired = await notifier.SendAsync(SampleNotifications.Firing("n-1") with { StartsAt = startsAt }, CancellationToken.None);
        await hook.WaitForAsync(r => HasWebhook(r, "firing"), Deadline);
        var resolvedAt = DateTimeOffset.UtcNow;
        var resolved = await notifier.SendAsync(SampleNotifications.Resolved("n-2", resolvedAt) with { StartsAt = startsAt }, CancellationToken.None);
        await hook.WaitForAsync(r => HasWebhook(r, "resolved"), Deadline);

        Assert.Equal(DeliveryStatus.Delivered, fired.Status);
        Assert.Equal(DeliveryStatus.Delivered, resolved.Status);
        Assert.Contains("replica 1", fired.Detail);
        var firing = Webhook(hook.Requests.First(r => HasWebhook([r], "firing"))).GetProperty("alerts")[0];
        Assert.Equal("ApiServerDown", firing.GetProperty("labels").GetProperty("alertname").GetString());
        Assert.Equal("critical", firing.GetProperty("labels").GetProperty("severity").GetString());
        Assert.Equal("prod", firing.GetProperty("labels").GetProperty("cluster").GetString());
        Assert.Equal("apiserver down", firing.GetProperty("annotations").GetProperty("summary").GetString());
        Assert.Equal("https://runbooks.example/apiserver", firing.GetProperty("annotations").GetProperty("runbook_url").GetString());
        var end = Webhook(hook.Requests.First(r => HasWebhook([r], "resolved"))).GetProperty("alerts")[0];
        Assert.Equal("resolved", end.GetProperty("status").GetString());
        var endsAt = DateTimeOffset.Parse(end.GetProperty("endsAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(resolvedAt.ToUnixTimeMilliseconds(), endsAt.ToUnixTimeMilliseconds());
    }

    /// <summary>
    /// An Alertmanager behind basic authentication (its web config), reached as https://user:pass@host like
    /// Prometheus reaches it: the credentials in the URL were silently never sent (401). The password is never in the detail.
    /// </summary>
    [Fact]
    public async Task SendAsync_CredentialsInTheUrl_BasicAuthenticationAcceptedWithoutThemNot()
    {
        var hook = Own(new HttpReceiver());
        var am = Own(AlertmanagerServer.Start(hook.Url + "/am", basicAuth: ("doomsday", "am:p@ss")));
        var withCredentials = am.Url.Replace("http://", "http://doomsday:am%3Ap%40ss@", StringComparison.Ordinal);

        var accepted = await Notifier(withCredentials).SendAsync(SampleNotifications.Firing("n-1") with { StartsAt = DateTimeOffset.UtcNow }, CancellationToken.None);
        await hook.WaitForAsync(r => HasWebhook(r, "firing"), Deadline);
        var refused = await Notifier(am.Url).SendAsync(SampleNotifications.Firing("n-2"), CancellationToken.None);

        Assert.Equal(DeliveryStatus.Delivered, accepted.Status);
        Assert.Equal(DeliveryStatus.Failed, refused.Status);
        Assert.Contains("401", refused.Detail);
        Assert.DoesNotContain("p@ss", accepted.Detail + refused.Detail);
        Assert.DoesNotContain("am%3A", accepted.Detail);
    }

    [Fact]
    public async Task Outbox_OneReplicaDown_OtherReceivesAtOnceAndDownOneIsRetriedUntilItIsUp()
    {
        var hookA = Own(new HttpReceiver());
        var hookB = Own(new HttpReceiver());
        var amA = Own(AlertmanagerServer.Start(hookA.Url + "/am"));
        // nobody listens on the second replica's port until it is started there (held closed meanwhile)
        using var down = TcpPorts.Closed();
        var downPort = down.Port;
        var dir = Own(new TempDir());
        using var store = DoomsdayStore.Open(dir.Combine("am.db"), TimeProvider.System);
        var outbox = new Outbox(store, [Notifier(amA.Url, $"http://127.0.0.1:{downPort}")], new DeliverySettings
        {
            BaseBackoff = TimeSpan.FromMilliseconds(100),
            MaxBackoff = TimeSpan.FromMilliseconds(400),
            PollInterval = TimeSpan.FromMilliseconds(200),
        });
        using var cts = new CancellationTokenSource();
        var notification = SampleNotifications.Firing("n-1") with { StartsAt = DateTimeOffset.UtcNow };

        Assert.Equal(2, outbox.Enqueue(notification, ["am"]));
        var run = outbox.RunAsync(cts.Token);
        await hookA.WaitForAsync(r => HasWebhook(r, "firing"), Deadline);
        OutboxRow Replica(int t) => store.Outbox.All().Single(r => r.Target == t);
        await Eventually.UntilAsync(() => Replica(1).Attempts >= 2, Deadline, () => Replica(1).LastDetail);
        var whileDown = Replica(1);
        down.Dispose();
        var amB = Own(AlertmanagerServer.Start(hookB.Url + "/am", downPort));
        await hookB.WaitForAsync(r => HasWebhook(r, "firing"), Deadline);
        await Eventually.UntilAsync(() => Replica(1).State == OutboxStates.Sent, Deadline, () => Replica(1).LastDetail);
        await cts.CancelAsync();
        await run;

        Assert.Equal(OutboxStates.Sent, Replica(0).State);
        Assert.Equal(1, Replica(0).Attempts);
        Assert.Equal(OutboxStates.Pending, whileDown.State);
        Assert.Contains("connection refused", whileDown.LastDetail);
        Assert.True(Replica(1).Attempts > whileDown.Attempts);
        var events = Assert.Single(store.Incidents.ForFingerprint("fp-apiserver")).Events;
        Assert.Contains(events, e => e.Kind == IncidentEventKinds.NotificationRetry && e.Detail.Contains("replica 2", StringComparison.Ordinal));
        Assert.Equal(2, events.Count(e => e.Kind == IncidentEventKinds.NotificationSent));
    }

    [Fact]
    public async Task SendAllAsync_EscalationToRenamedSeverity_AlertmanagerHoldsOnlyTheNewLabelSetAndResolvesTheOld()
    {
        var hook = Own(new HttpReceiver());
        var am = Own(AlertmanagerServer.Start(hook.Url + "/am"));
        var options = new AlertmanagerNotifierOptions
        {
            Name = "am", Urls = [am.Url], Severities = new Dictionary<string, string> { ["emergency"] = "critical", ["expired"] = "critical" },
        };
        var notifier = NotifierKinds.Create(options, new NotifierContext(TimeProvider.System) { ExternalUrl = "https://doomsday.example.com" });
        var startsAt = DateTimeOffset.UtcNow.AddMinutes(-1);
        var warning = SampleNotifications.Firing("n-1") with { Severity = "warning", StartsAt = startsAt };
        using var http = new HttpClient();

        await NotifierAttempt.SendAllAsync(notifier, warning, CancellationToken.None);
        await Eventually.UntilAsync(async () => (await am.AlertsAsync(http)).Count == 1, Deadline, "the warning alert in Alertmanager");
        await NotifierAttempt.SendAllAsync(notifier, warning with { Id = "n-2", Severity = "emergency", PreviousSeverity = "warning" }, CancellationToken.None);
        // one group (by alertname): the payload is "firing" while the critical alert fires; the warning one is resolved in it
        static IEnumerable<JsonElement> Alerts(IReadOnlyList<HttpReceiver.Received> r) => r.SelectMany(x => Webhook(x).GetProperty("alerts").EnumerateArray());
        static bool ResolvedWarning(JsonElement a) => a.GetProperty("status").GetString() == "resolved" && a.GetProperty("labels").GetProperty("severity").GetString() == "warning";
        await hook.WaitForAsync(r => Alerts(r).Any(ResolvedWarning), Deadline);
        var alerts = await am.AlertsAsync(http);
        await NotifierAttempt.SendAllAsync(notifier, warning with { Id = "n-3", Severity = "expired", PreviousSeverity = "emergency" }, CancellationToken.None);
        var after = await am.AlertsAsync(http);

        var only = Assert.Single(alerts);
        Assert.Equal("critical", only.GetProperty("labels").GetProperty("severity").GetString());
        Assert.Equal("https://doomsday.example.com/api/v1/alerts/fp-apiserver", only.GetProperty("generatorURL").GetString());
        Assert.DoesNotContain(Alerts(hook.Requests), a => a.GetProperty("status").GetString() == "resolved" && !ResolvedWarning(a));
        // emergency and expired are both "critical" here: the same Alertmanager alert, nothing resolved
        Assert.Equal(only.GetProperty("fingerprint").GetString(), Assert.Single(after).GetProperty("fingerprint").GetString());
    }
}
