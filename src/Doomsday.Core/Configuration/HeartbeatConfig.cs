namespace Doomsday.Core.Configuration;

/// <summary>
/// Dead-man's switch: the daemon calls <see cref="Url"/> every <see cref="Interval"/> with
/// <see cref="Method"/> (<c>GET</c> or <c>POST</c>); the receiver alerts when the calls stop. The URL
/// usually embeds a token, so it is a secret: printed redacted.
/// </summary>
public sealed record HeartbeatConfig
{
    public required string Url { get; init; }
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(1);
    public string Method { get; init; } = "GET";

    private bool PrintMembers(System.Text.StringBuilder builder) => RedactedPrinter.PrintMembers(this, builder);
}
