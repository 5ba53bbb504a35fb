namespace Doomsday.Watch.Notifiers.Delivery;

/// <summary>
/// Exponential backoff with "equal jitter": half the step fixed, half random, so retries of many rows
/// spread out but none comes back sooner than half its step. Computed here because Polly's retry delay
/// helper is not public and the wait must be persisted (next_attempt_at) to survive restarts.
/// </summary>
internal static class Backoff
{
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, Random random)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var step = Math.Min(maxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds(step / 2 + random.NextDouble() * step / 2);
    }
}
