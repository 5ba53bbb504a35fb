using System.Diagnostics;

namespace Doomsday.Daemon.Tests.Support;

/// <summary>Polls a condition until it holds or a deadline passes (waiting for a real process or server, never a fixed sleep).</summary>
internal static class Eventually
{
    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, TimeSpan deadline, string what) where T : class
    {
        var until = Stopwatch.GetTimestamp() + (long)(deadline.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            if (await probe() is { } value) return value;
            if (Stopwatch.GetTimestamp() > until) throw new TimeoutException($"{what} did not happen within {deadline}");
            await Task.Delay(25);
        }
    }

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan deadline, string what) =>
        await UntilAsync<object>(async () => await condition() ? new object() : null, deadline, what);

    public static Task UntilAsync(Func<bool> condition, TimeSpan deadline, string what) =>
        UntilAsync(() => Task.FromResult(condition()), deadline, what);
}
