namespace Doomsday.Testing.Time;

/// <summary>A clock stopped at one instant, for expiry logic.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
