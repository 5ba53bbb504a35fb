using Doomsday.Core.Configuration.Rules;

namespace Doomsday.Watch.Configuration;

/// <summary>
/// Dead-man's switch: the daemon calls <see cref="Url"/> every <see cref="Interval"/> with
/// <see cref="Method"/> (<c>GET</c> or <c>POST</c>); the receiver alerts when the calls stop. The URL
/// usually embeds a token, so it is a secret: printed redacted.
/// </summary>
public sealed record HeartbeatOptions
{
    [Secret, HttpUrl]
    public required string Url { get; init; }
    [PositiveDuration(MinimumMilliseconds = 1000)]
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(1);
    [OneOf("GET", "POST")]
    public string Method { get; init; } = "GET";

    private bool PrintMembers(System.Text.StringBuilder builder) => RedactedPrinter.PrintMembers(this, builder);
}
