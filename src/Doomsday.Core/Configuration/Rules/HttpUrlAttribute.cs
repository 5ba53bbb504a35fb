namespace Doomsday.Core.Configuration.Rules;

/// <summary>
/// An absolute http:// or https:// URL (or a list of them). Unless <see cref="ShownWhole"/>, the value is shown
/// (in messages, <c>--show</c>, ToString) only through <see cref="Secrets.UrlSecrets.Redact"/>: without the
/// password of its user info or the values of credential-like query parameters.
/// </summary>
internal sealed class HttpUrlAttribute : FieldRuleAttribute
{
    /// <summary>The URL is Doomsday's own public address, shown as written.</summary>
    public bool ShownWhole { get; init; }

    public override (string Code, string Message)? Check(object value, string shown) =>
        value is string s && !FieldRules.IsHttpUrl(s) ? (ConfigErrorCodes.InvalidUrl, $"{shown}is not an absolute http:// or https:// URL") : null;
}
