namespace Doomsday.Daemon;

/// <summary>Why the host did not start (config errors as <c>config check</c> prints them, or the listener), or nothing when it did.</summary>
public sealed record WatchStartResult(IReadOnlyList<string> Errors)
{
    public bool Started => Errors.Count == 0;
    public static readonly WatchStartResult Ok = new([]);
}
