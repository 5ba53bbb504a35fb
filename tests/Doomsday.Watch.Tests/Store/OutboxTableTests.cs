using Doomsday.Watch.Notifiers;
using Doomsday.Watch.Store;
using Doomsday.Watch.Tests.Notifiers;

namespace Doomsday.Watch.Tests.Store;

public sealed class OutboxTableTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly DoomsdayStore _store;

    public OutboxTableTests() => _store = DoomsdayStore.Open(_dir.Combine("outbox.db"), new FixedTimeProvider(SampleNotifications.Start));

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Enqueue_SameNotificationTwice_AddsRowsOnce()
    {
        var first = _store.Outbox.Enqueue(SampleNotifications.Firing("n-1"), [("oncall", 0), ("am", 0), ("am", 1)]);
        var again = _store.Outbox.Enqueue(SampleNotifications.Firing("n-1"), [("oncall", 0)]);

        Assert.Equal(3, first);
        Assert.Equal(0, again);
        Assert.All(_store.Outbox.All(), r => Assert.Equal(OutboxStates.Pending, r.State));
    }

    [Fact]
    public void ClaimNext_EarlierRowOfSameAlertPending_ClaimsOtherAlertsButNotTheLaterRow()
    {
        _store.Outbox.Enqueue(SampleNotifications.Firing("n-1", fingerprint: "a"), [("oncall", 0)]);
        _store.Outbox.Enqueue(SampleNotifications.Resolved("n-2", SampleNotifications.Start, fingerprint: "a"), [("oncall", 0)]);
        _store.Outbox.Enqueue(SampleNotifications.Firing("n-3", fingerprint: "b"), [("oncall", 0)]);
        var first = _store.Outbox.ClaimNext("oncall", 0, TimeSpan.FromMinutes(1))!;
        // the firing message of alert a waits for a retry in a minute
        _store.Outbox.Reschedule(first.Id, SampleNotifications.Start + TimeSpan.FromMinutes(1), "HTTP 503");

        var next = _store.Outbox.ClaimNext("oncall", 0, TimeSpan.FromMinutes(1));
        var none = _store.Outbox.ClaimNext("oncall", 0, TimeSpan.FromMinutes(1));

        Assert.Equal("n-1", first.Notification.Id);
        Assert.Equal(1, first.Attempts);
        Assert.Equal("n-3", next!.Notification.Id);
        Assert.Null(none);
    }

    [Fact]
    public void NextDue_LaterRowWaitsBehindRetryOfSameAlert_IsTheRetryTime()
    {
        var retryAt = SampleNotifications.Start + TimeSpan.FromMinutes(1);
        _store.Outbox.Enqueue(SampleNotifications.Firing("n-1", fingerprint: "a"), [("oncall", 0)]);
        var first = _store.Outbox.ClaimNext("oncall", 0, TimeSpan.FromSeconds(30))!;
        _store.Outbox.Reschedule(first.Id, retryAt, "HTTP 503");
        _store.Outbox.Enqueue(SampleNotifications.Resolved("n-2", SampleNotifications.Start, fingerprint: "a"), [("oncall", 0)]);

        var due = _store.Outbox.NextDue("oncall", 0);

        // n-2 is due now by its own time, but cannot go before n-1: the lane has nothing to do until then
        Assert.Equal(retryAt, due);
        Assert.Null(_store.Outbox.NextDue("other", 0));
    }

    [Fact]
    public void Enqueue_NewerRowOfSameAlert_ReplacesWaitingResendsOfItsLaneOnly()
    {
        Notification Resend(string id, string fingerprint = "a") => SampleNotifications.Firing(id, fingerprint) with { IsResend = true };
        _store.Outbox.Enqueue(SampleNotifications.Firing("firing", fingerprint: "a"), [("am", 0), ("am", 1)]);
        _store.Outbox.Enqueue(Resend("r-1"), [("am", 0), ("am", 1)]);
        _store.Outbox.Enqueue(Resend("other"), [("am", 0)]);   // same lane, same fingerprint: replaces r-1 there
        _store.Outbox.Enqueue(Resend("b-1", "b"), [("am", 0)]);
        var firing = _store.Outbox.ClaimNext("am", 1, TimeSpan.FromMinutes(1))!;
        _store.Outbox.MarkSent(firing.Id, "HTTP 200");
        var inFlight = _store.Outbox.ClaimNext("am", 1, TimeSpan.FromMinutes(1))!;   // r-1 on replica 2, leased
        _store.Outbox.Enqueue(Resend("r-2"), [("am", 1)]);
        _store.Outbox.Enqueue(SampleNotifications.Resolved("end", SampleNotifications.Start, fingerprint: "a"), [("am", 0)]);

        var rows = _store.Outbox.All().Select(r => (r.Notification.Id, r.Target, r.State)).ToList();
        Assert.Equal("r-1", inFlight.Notification.Id);
        Assert.Equal(
        [
            ("firing", 0, OutboxStates.Pending), ("firing", 1, OutboxStates.Sent), ("r-1", 1, OutboxStates.Pending),
            ("b-1", 0, OutboxStates.Pending), ("r-2", 1, OutboxStates.Pending), ("end", 0, OutboxStates.Pending),
        ], rows);
    }
}
