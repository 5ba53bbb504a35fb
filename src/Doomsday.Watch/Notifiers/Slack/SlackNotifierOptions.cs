using Doomsday.Core.Configuration.Rules;

namespace Doomsday.Watch.Notifiers.Slack;

/// <summary>A Slack incoming webhook. <see cref="Url"/> is a secret: never logged or printed.</summary>
public sealed record SlackNotifierOptions : NotifierOptions
{
    /// <summary>The <c>kind</c> of the config file, written only here (the registry and <see cref="Kind"/> use it).</summary>
    public const string KindName = "slack";

    public override string Kind => KindName;
    [Secret, HttpUrl]
    public required string Url { get; init; }
    public string? Channel { get; init; }

    /// <summary>ToString() redacts the properties marked [Secret].</summary>
    protected override bool PrintMembers(System.Text.StringBuilder builder) => Configuration.RedactedPrinter.PrintMembers(this, builder);
}
