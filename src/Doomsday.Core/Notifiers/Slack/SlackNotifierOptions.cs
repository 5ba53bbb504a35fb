namespace Doomsday.Core.Notifiers.Slack;

/// <summary>A Slack incoming webhook. <see cref="Url"/> is a secret: never logged or printed.</summary>
public sealed record SlackNotifierOptions : NotifierOptions
{
    public override string Kind => "slack";
    public required string Url { get; init; }
    public string? Channel { get; init; }

    /// <summary>ToString() redacts the secrets (Configuration.ConfigSchema.Secrets).</summary>
    protected override bool PrintMembers(System.Text.StringBuilder builder) => Configuration.RedactedPrinter.PrintMembers(this, builder);
}
