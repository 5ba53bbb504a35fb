namespace Doomsday.Core.Notifiers.Slack;

/// <summary>A Slack incoming webhook. <see cref="Url"/> is a secret: never logged or printed.</summary>
public sealed record SlackNotifierOptions : NotifierOptions
{
    public override string Kind => "slack";
    public required string Url { get; init; }
    public string? Channel { get; init; }
}
