using System.Diagnostics;

namespace Doomsday.Testing.Time;

/// <summary>
/// Polls a condition on state a test cannot await (a real process, a server, store rows) until it
/// holds or a deadline passes; never a fixed sleep. Shared by every test project.
/// </summary>
internal static class Eventually
{
    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, TimeSpan deadline, Func<string> what) where T : class
    {
        var until = Stopwatch.GetTimestamp() + (long)(deadline.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            if (await probe() is { } value) return value;
            if (Stopwatch.GetTimestamp() > until) throw new TimeoutException($"{what()} did not happen within {deadline}");
            await Task.Delay(25);
        }
    }

    public static Task<T> UntilAsync<T>(Func<Task<T?>> probe, TimeSpan deadline, string what) where T : class =>
        UntilAsync(probe, deadline, () => what);

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan deadline, string what) =>
        await UntilAsync<object>(async () => await condition() ? new object() : null, deadline, what);

    public static Task UntilAsync(Func<bool> condition, TimeSpan deadline, string what) =>
        UntilAsync(() => Task.FromResult(condition()), deadline, what);

    /// <summary>As above, with diagnostics computed only when the deadline passes (e.g. the rows seen so far).</summary>
    public static Task UntilAsync(Func<bool> condition, TimeSpan deadline, Func<string> diagnostics) =>
        UntilAsync<object>(() => Task.FromResult(condition() ? new object() : null), deadline, diagnostics);

    /// <summary>An asynchronous condition (a server's API), with diagnostics computed only when the deadline passes.</summary>
    public static Task UntilAsync(Func<Task<bool>> condition, TimeSpan deadline, Func<string> diagnostics) =>
        UntilAsync<object>(async () => await condition() ? new object() : null, deadline, diagnostics);
}
