using Doomsday.Watch.Notifiers;
using Doomsday.Watch.Notifiers.Delivery;
using Doomsday.Watch.Notifiers.Webhook;
using Doomsday.Watch.Store;

namespace Doomsday.Watch.Tests.Notifiers.Delivery;

/// <summary>The outbox over a real SQLite file and real HTTP receivers on 127.0.0.1.</summary>
public sealed class OutboxTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly TempDir _dir = new();
    private readonly HttpReceiver _hook = new();
    private readonly HttpReceiver _other = new();

    public void Dispose()
    {
        _hook.Dispose();
        _other.Dispose();
        _dir.Dispose();
    }

    private static INotifier Webhook(string name, string url, TimeSpan? timeout = null) =>
        NotifierKinds.Create(new WebhookNotifierOptions { Name = name, Url = url, Timeout = timeout ?? TimeSpan.FromSeconds(10) }, new NotifierContext(TimeProvider.System));

    /// <summary>
    /// Lanes that send one notification at a time (the in-flight set of a test is then exact), stopped as a
    /// killed process stops: what is in flight is abandoned at once (no shutdown grace).
    /// </summary>
    private static readonly DeliverySettings OneAtATime = new() { MaxInFlightPerLane = 1, ShutdownGrace = TimeSpan.Zero };

    private static int Count(IReadOnlyList<HttpReceiver.Received> requests, string id) => requests.Count(r => r.Headers["Idempotency-Key"] == id);

    [Fact]
    public async Task RunAsync_StoppedMidSendThenRestarted_CompletedRowsOnceInFlightRowAgainOthersOnce()
    {
        // one attempt in flight per lane, so exactly which rows were sent when the process dies is known
        var path = _dir.Combine("outbox.db");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _hook.Respond = async r =>
        {
            if (r.Headers["Idempotency-Key"] == "n-2") await gate.Task;
            return new HttpReceiver.Answer(200);
        };
        using (var store = DoomsdayStore.Open(path, TimeProvider.System))
        {
            var outbox = new Outbox(store, [Webhook("hooks", _hook.Url)], OneAtATime);
            outbox.Enqueue(SampleNotifications.Firing("n-1", fingerprint: "a"), ["hooks"]);
            outbox.Enqueue(SampleNotifications.Firing("n-2", fingerprint: "b"), ["hooks"]);
            outbox.Enqueue(SampleNotifications.Firing("n-3", fingerprint: "c"), ["hooks"]);
            using var cts = new CancellationTokenSource();
            var run = outbox.RunAsync(cts.Token);
            await _hook.WaitForAsync(r => Count(r, "n-2") == 1, Deadline);
            // the process "dies" while n-2 is on the wire
            await cts.CancelAsync();
            await run;
            var states = store.Outbox.All().ToDictionary(r => r.Notification.Id, r => r.State);
            Assert.Equal(OutboxStates.Sent, states["n-1"]);
            Assert.Equal(OutboxStates.Pending, states["n-2"]);
            Assert.Equal(OutboxStates.Pending, states["n-3"]);
        }
        gate.SetResult();

        using (var store = DoomsdayStore.Open(path, TimeProvider.System))
        {
            var outbox = new Outbox(store, [Webhook("hooks", _hook.Url)], OneAtATime);
            using var cts = new CancellationTokenSource();
            var run = outbox.RunAsync(cts.Token);
            await _hook.WaitForAsync(r => Count(r, "n-3") == 1 && Count(r, "n-2") == 2, Deadline);
            await Eventually.UntilAsync(() => store.Outbox.All().All(r => r.State == OutboxStates.Sent), Deadline, () => "rows still pending");
            await cts.CancelAsync();
            await run;
        }

        var requests = _hook.Requests;
        Assert.Equal(1, Count(requests, "n-1"));
        Assert.Equal(2, Count(requests, "n-2"));
        Assert.Equal(1, Count(requests, "n-3"));
        Assert.Equal(4, requests.Count);
    }

    /// <summary>
    /// A stop (SIGTERM) while the receiver is still answering: the attempt finishes within the grace period
    /// and is recorded sent, so the next start does not send it again (no duplicate).
    /// </summary>
    [Fact]
    public async Task RunAsync_StoppedWhileReceiverAnswersWithinGrace_RecordedSentAndNotSentAgain()
    {
        var path = _dir.Combine("graceful.db");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _hook.Respond = async _ =>
        {
            await gate.Task;
            return new HttpReceiver.Answer(200);
        };
        var graceful = new DeliverySettings { ShutdownGrace = TimeSpan.FromMinutes(1) };
        using (var store = DoomsdayStore.Open(path, TimeProvider.System))
        {
            var outbox = new Outbox(store, [Webhook("hooks", _hook.Url)], graceful);
            outbox.Enqueue(SampleNotifications.Firing("n-1", fingerprint: "a"), ["hooks"]);
            using var cts = new CancellationTokenSource();
            var run = outbox.RunAsync(cts.Token);
            await _hook.WaitForAsync(r => Count(r, "n-1") == 1, Deadline);
            await cts.CancelAsync();
            Assert.False(run.IsCompleted); // still waiting for the answer, within the grace period
            gate.SetResult();
            await run;
            Assert.Equal(OutboxStates.Sent, Assert.Single(store.Outbox.All()).State);
        }
        using (var store = DoomsdayStore.Open(path, TimeProvider.System))
        {
            var again = new Outbox(store, [Webhook("hooks", _hook.Url)], graceful);
            Assert.Equal(0, await again.RunOnceAsync(CancellationToken.None));
        }
        Assert.Single(_hook.Requests);
    }

    /// <summary>A receiver that hangs past the grace period: the attempt is cancelled and its row handed back, due at once at the next start.</summary>
    [Fact]
    public async Task RunAsync_StoppedAndReceiverHangsPastGrace_HandedBackAndSentAtNextStart()
    {
        var path = _dir.Combine("handback.db");
        var hang = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _hook.Respond = async r =>
        {
            if (_hook.Requests.Count == 1) await hang.Task;
            return new HttpReceiver.Answer(200);
        };
        using (var store = DoomsdayStore.Open(path, TimeProvider.System))
        {
            var outbox = new Outbox(store, [Webhook("hooks", _hook.Url, TimeSpan.FromMinutes(5))], new DeliverySettings { ShutdownGrace = TimeSpan.FromMilliseconds(200) });
            outbox.Enqueue(SampleNotifications.Firing("n-1", fingerprint: "a"), ["hooks"]);
            using var cts = new CancellationTokenSource();
            var run = outbox.RunAsync(cts.Token);
            await _hook.WaitForAsync(r => Count(r, "n-1") == 1, Deadline);
            await cts.CancelAsync();
            await run;
            var row = Assert.Single(store.Outbox.All());
            Assert.Equal(OutboxStates.Pending, row.State);
            Assert.Equal("interrupted by shutdown", row.LastDetail);
            var events = store.Incidents.ForFingerprint("a").SelectMany(i => i.Events).ToList();
            Assert.Contains(events, e => e.Kind == IncidentEventKinds.NotificationRetry && e.Detail.Contains("interrupted by shutdown", StringComparison.Ordinal));
        }
        hang.SetResult();
        using (var store = DoomsdayStore.Open(path, TimeProvider.System))
        {
            var again = new Outbox(store, [Webhook("hooks", _hook.Url)], new DeliverySettings());
            Assert.Equal(1, await again.RunOnceAsync(CancellationToken.None));
            Assert.Equal(OutboxStates.Sent, Assert.Single(store.Outbox.All()).State);
        }
    }

    [Fact]
    public async Task RunAsync_OneReceiverHangs_OtherNotifierGetsEveryMessage()
    {
        var hang = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _hook.Respond = async _ =>
        {
            await hang.Task;
            return new HttpReceiver.Answer(200);
        };
        using var store = DoomsdayStore.Open(_dir.Combine("lanes.db"), TimeProvider.System);
        var outbox = new Outbox(store, [Webhook("stuck", _hook.Url, TimeSpan.FromMinutes(5)), Webhook("fine", _other.Url)], OneAtATime);
        using var cts = new CancellationTokenSource();
        var run = outbox.RunAsync(cts.Token);

        for (var i = 1; i <= 3; i++) outbox.Enqueue(SampleNotifications.Firing($"n-{i}", fingerprint: $"fp-{i}"), ["stuck", "fine"]);
        await _other.WaitForAsync(r => r.Count == 3, Deadline);
        await Eventually.UntilAsync(() => store.Outbox.All().Count(r => r.Notifier == "fine" && r.State == OutboxStates.Sent) == 3, Deadline, () => "fine rows not all sent");
        var stuckRequests = _hook.Requests.Count;
        await cts.CancelAsync();
        await run;
        hang.SetResult();

        Assert.Equal(1, stuckRequests);
        Assert.Equal(["n-1", "n-2", "n-3"], _other.Requests.Select(r => r.Headers["Idempotency-Key"]).Order(StringComparer.Ordinal));
        Assert.All(store.Outbox.All().Where(r => r.Notifier == "fine"), r => Assert.Equal(OutboxStates.Sent, r.State));
        Assert.All(store.Outbox.All().Where(r => r.Notifier == "stuck"), r => Assert.Equal(OutboxStates.Pending, r.State));
    }

    [Fact]
    public async Task RunAsync_BurstToOneHeldReceiver_SeveralInFlightButNeverTwoOfOneAlert()
    {
        const int alerts = 50;
        var options = new DeliverySettings { MaxInFlightPerLane = 8 };
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inFlight = new Dictionary<string, int>(StringComparer.Ordinal); // per alert, as the receiver sees it
        var (now, most, sameAlertTogether) = (0, 0, 0);
        var answered = new List<string>();
        _hook.Respond = async r =>
        {
            var id = r.Headers["Idempotency-Key"];
            var alert = id[2..];
            lock (inFlight)
            {
                most = Math.Max(most, ++now);
                inFlight[alert] = inFlight.GetValueOrDefault(alert) + 1;
                if (inFlight[alert] > 1) sameAlertTogether++;
            }
            await release.Task;
            lock (inFlight)
            {
                now--;
                inFlight[alert]--;
                answered.Add(id);
            }
            return new HttpReceiver.Answer(200);
        };
        using var store = DoomsdayStore.Open(_dir.Combine("burst.db"), TimeProvider.System);
        var outbox = new Outbox(store, [Webhook("hooks", _hook.Url)], options);
        // every alert fires, then resolves: each resolved row must wait for its firing row
        for (var i = 0; i < alerts; i++) outbox.Enqueue(SampleNotifications.Firing($"f-{i}", fingerprint: $"{i}"), ["hooks"]);
        for (var i = 0; i < alerts; i++) outbox.Enqueue(SampleNotifications.Resolved($"r-{i}", SampleNotifications.Start.AddMinutes(1), fingerprint: $"{i}"), ["hooks"]);
        using var cts = new CancellationTokenSource();
        var run = outbox.RunAsync(cts.Token);

        // nothing is answered until the lane has filled its slots
        await _hook.WaitForAsync(r => r.Count >= options.MaxInFlightPerLane, Deadline);
        release.SetResult();
        await Eventually.UntilAsync(() => store.Outbox.All().All(r => r.State == OutboxStates.Sent), Deadline, () => "rows still pending");
        await cts.CancelAsync();
        await run;

        Assert.Equal(options.MaxInFlightPerLane, most);
        Assert.Equal(0, sameAlertTogether);
        Assert.Equal(2 * alerts, _hook.Requests.Count);
        List<string> order;
        lock (inFlight) order = [.. answered];
        for (var i = 0; i < alerts; i++)
        {
            Assert.True(order.IndexOf($"f-{i}") < order.IndexOf($"r-{i}"), $"alert {i}: resolved answered before firing");
            Assert.Equal(1, Count(_hook.Requests, $"r-{i}"));
        }
    }

    [Fact]
    public async Task RunOnceAsync_PermanentRefusal_MarksFailedAndNeverRetries()
    {
        _hook.Respond = _ => Task.FromResult(new HttpReceiver.Answer(404, Body: "no_service"));
        using var store = DoomsdayStore.Open(_dir.Combine("failed.db"), TimeProvider.System);
        var outbox = new Outbox(store, [Webhook("hooks", _hook.Url)], new DeliverySettings());
        outbox.Enqueue(SampleNotifications.Firing("n-1"), ["hooks"]);

        var first = await outbox.RunOnceAsync(CancellationToken.None);
        var second = await outbox.RunOnceAsync(CancellationToken.None);

        Assert.Equal(1, first);
        Assert.Equal(0, second);
        var row = Assert.Single(store.Outbox.All());
        Assert.Equal(OutboxStates.Failed, row.State);
        Assert.Contains("HTTP 404", row.LastDetail);
        Assert.Equal(IncidentEventKinds.NotificationFailed, Assert.Single(Assert.Single(store.Incidents.ForFingerprint("fp-apiserver")).Events).Kind);
    }

    [Fact]
    public async Task RunOnceAsync_ReceiverDownLongerThanMaxAge_ExpiresWithoutFurtherSends()
    {
        _hook.Respond = _ => Task.FromResult(new HttpReceiver.Answer(503));
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        using var store = DoomsdayStore.Open(_dir.Combine("expiry.db"), clock);
        var outbox = new Outbox(store, [Webhook("hooks", _hook.Url)], new DeliverySettings());
        outbox.Enqueue(SampleNotifications.Firing("n-1"), ["hooks"]);

        await outbox.RunOnceAsync(CancellationToken.None);
        var afterFirst = Assert.Single(store.Outbox.All());
        clock.Advance(TimeSpan.FromHours(25));
        await outbox.RunOnceAsync(CancellationToken.None);

        Assert.Equal(OutboxStates.Pending, afterFirst.State);
        Assert.True(afterFirst.NextAttemptAt > clock.GetUtcNow() - TimeSpan.FromHours(25), "a retry is scheduled in the future");
        var row = Assert.Single(store.Outbox.All());
        Assert.Equal(OutboxStates.Expired, row.State);
        Assert.Single(_hook.Requests);
        var kinds = Assert.Single(store.Incidents.ForFingerprint("fp-apiserver")).Events.Select(e => e.Kind);
        Assert.Equal([IncidentEventKinds.NotificationRetry, IncidentEventKinds.NotificationExpired], kinds);
    }

    [Fact]
    public async Task RunOnceAsync_RetryScheduled_NotAttemptedAgainBeforeItsTimeEvenAfterReopen()
    {
        _hook.Respond = _ => Task.FromResult(new HttpReceiver.Answer(500));
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var path = _dir.Combine("backoff.db");
        using (var store = DoomsdayStore.Open(path, clock))
        {
            var outbox = new Outbox(store, [Webhook("hooks", _hook.Url)], new DeliverySettings { BaseBackoff = TimeSpan.FromMinutes(1) });
            outbox.Enqueue(SampleNotifications.Firing("n-1"), ["hooks"]);
            await outbox.RunOnceAsync(CancellationToken.None);
        }

        using var reopened = DoomsdayStore.Open(path, clock);
        var again = new Outbox(reopened, [Webhook("hooks", _hook.Url)], new DeliverySettings { BaseBackoff = TimeSpan.FromMinutes(1) });
        var early = await again.RunOnceAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(1));
        var due = await again.RunOnceAsync(CancellationToken.None);

        Assert.Equal(0, early);
        Assert.Equal(1, due);
        Assert.Equal(2, _hook.Requests.Count);
        Assert.Equal(2, Assert.Single(reopened.Outbox.All()).Attempts);
    }
}
