using System.Diagnostics;

namespace Doomsday.Core.Tests.Support;

/// <summary>Polls a condition (on state the test cannot await, such as store rows) until it holds or the deadline passes.</summary>
internal static class Eventually
{
    public static async Task HoldsAsync(Func<bool> condition, TimeSpan deadline, Func<string> diagnostics)
    {
        var until = Stopwatch.GetTimestamp() + (long)(deadline.TotalSeconds * Stopwatch.Frequency);
        while (!condition())
        {
            if (Stopwatch.GetTimestamp() > until) throw new TimeoutException($"condition not met within {deadline}: {diagnostics()}");
            await Task.Delay(20);
        }
    }
}
