using Doomsday.Core.Configuration.Rules;

namespace Doomsday.Watch.Notifiers.Email;

/// <summary>
/// E-mail over SMTP (MailKit). <see cref="Smtp"/> is <c>host:port</c>; <see cref="StartTls"/> is
/// <c>auto</c> (use it when offered), <c>always</c>, <c>never</c>, or <c>tls</c> (implicit TLS, port 465).
/// </summary>
public sealed record EmailNotifierOptions : NotifierOptions
{
    /// <summary>The <c>kind</c> of the config file, written only here (the registry and <see cref="Kind"/> use it).</summary>
    public const string KindName = "email";

    public override string Kind => KindName;
    [HostPort]
    public required string Smtp { get; init; }
    public required string From { get; init; }
    public required IReadOnlyList<string> To { get; init; }
    public string? Username { get; init; }
    [Secret]
    public string? Password { get; init; }
    [OneOf("auto", "always", "never", "tls")]
    public string StartTls { get; init; } = "auto";

    /// <summary>ToString() redacts the properties marked [Secret].</summary>
    protected override bool PrintMembers(System.Text.StringBuilder builder) => Configuration.RedactedPrinter.PrintMembers(this, builder);
    /// <summary>Adds an HTML alternative (the plain text, preformatted) to the plain-text body.</summary>
    public bool Html { get; init; }
}
