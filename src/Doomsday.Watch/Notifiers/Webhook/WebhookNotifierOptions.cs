using Doomsday.Core.Configuration.Rules;

namespace Doomsday.Watch.Notifiers.Webhook;

/// <summary>A generic webhook receiving Alertmanager's version-4 payload plus an idempotency key. <see cref="Url"/> is never logged.</summary>
public sealed record WebhookNotifierOptions : NotifierOptions
{
    /// <summary>The <c>kind</c> of the config file, written only here (the registry and <see cref="Kind"/> use it).</summary>
    public const string KindName = "webhook";

    public override string Kind => KindName;
    [Secret, HttpUrl]
    public required string Url { get; init; }
    [Secret, HttpHeaders]
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>ToString() redacts the properties marked [Secret].</summary>
    protected override bool PrintMembers(System.Text.StringBuilder builder) => Configuration.RedactedPrinter.PrintMembers(this, builder);
}
