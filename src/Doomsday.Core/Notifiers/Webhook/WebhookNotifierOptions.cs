namespace Doomsday.Core.Notifiers.Webhook;

/// <summary>A generic webhook receiving Alertmanager's version-4 payload plus an idempotency key. <see cref="Url"/> is never logged.</summary>
public sealed record WebhookNotifierOptions : NotifierOptions
{
    public override string Kind => "webhook";
    public required string Url { get; init; }
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>ToString() redacts the secrets (Configuration.ConfigSchema.Secrets).</summary>
    protected override bool PrintMembers(System.Text.StringBuilder builder) => Configuration.RedactedPrinter.PrintMembers(this, builder);
}
