namespace Doomsday.Watch.Notifiers;

/// <summary>
/// <c>doomsday notify test</c>: sends one test notification (<see cref="Notification.IsTest"/>) through
/// each notifier directly, not through the outbox (an operator wants the answer now), all at once, each
/// with its own timeout; returns the answers in the order given. Alertmanager receives the test as a
/// short-lived alert named <c>DoomsdayTest</c>. It carries the daemon's own <paramref name="labels"/> (config
/// <c>labels</c>), as every alert does, so a test exercises the same Alertmanager routes.
/// </summary>
public sealed class NotificationTester(TimeProvider time, IReadOnlyDictionary<string, string>? labels = null)
{
    public async Task<IReadOnlyList<NotifierTestResult>> TestAsync(IEnumerable<INotifier> notifiers, CancellationToken cancellationToken)
    {
        var notification = CreateTestNotification();
        var list = notifiers.ToList();
        var results = await Task.WhenAll(list.Select(n => NotifierAttempt.SendAllAsync(n, notification, cancellationToken))).ConfigureAwait(false);
        return list.Select((n, i) => new NotifierTestResult(n.Options.Name, n.Options.Kind, results[i])).ToList();
    }

    public Notification CreateTestNotification()
    {
        var now = time.GetUtcNow();
        return new Notification
        {
            Id = "test-" + Guid.NewGuid().ToString("N"),
            AlertName = "DoomsdayTest",
            Fingerprint = "doomsday-test",
            Status = "firing",
            Severity = "info",
            Summary = "Test notification from doomsday: this channel works",
            Labels = labels ?? new Dictionary<string, string>(),
            StartsAt = now,
            CreatedAt = now,
            IsTest = true,
        };
    }
}
