namespace Doomsday.Cli.Tests.Support;

/// <summary>A clock that always says the same instant.</summary>
internal sealed class PinnedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
