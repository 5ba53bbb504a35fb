namespace Doomsday.Core.Configuration.Rules;

/// <summary>One of a fixed set of words, case-sensitive.</summary>
internal sealed class OneOfAttribute(params string[] allowed) : FieldRuleAttribute
{
    public IReadOnlyList<string> Allowed { get; } = allowed;

    public override (string Code, string Message)? Check(object value, string shown) =>
        value is string s && !Allowed.Contains(s) ? (ConfigErrorCodes.InvalidValue, $"{shown}is not one of {string.Join(", ", Allowed)}") : null;
}

/// <summary>A Doomsday severity an alert can be raised at (<see cref="FieldRules.Severities"/>).</summary>
internal sealed class SeverityAttribute : FieldRuleAttribute
{
    public override (string Code, string Message)? Check(object value, string shown) =>
        value is string s && !FieldRules.Severities.Contains(s)
            ? (ConfigErrorCodes.InvalidValue, $"{shown}is not a severity (expected {string.Join(", ", FieldRules.Severities)})")
            : null;
}

/// <summary>An X.509 name attribute that may become a metric label (<see cref="Reporting.MetricsOptions.NameFields"/>), any case.</summary>
internal sealed class NameFieldAttribute : FieldRuleAttribute
{
    public override (string Code, string Message)? Check(object value, string shown) =>
        value is string s && !Reporting.MetricsOptions.NameFields.Contains(s.Trim().ToUpperInvariant())
            ? (ConfigErrorCodes.InvalidValue, $"{shown}is not a name field (expected {string.Join(", ", Reporting.MetricsOptions.NameFields)})")
            : null;
}

/// <summary>An HTTP method: a non-empty upper-case token.</summary>
internal sealed class HttpMethodAttribute : FieldRuleAttribute
{
    public override (string Code, string Message)? Check(object value, string shown) =>
        value is string s && !(s.Length > 0 && s.All(char.IsAsciiLetterUpper))
            ? (ConfigErrorCodes.InvalidValue, $"{shown}is not an HTTP method (upper case, e.g. GET)")
            : null;
}
