using System.Text.RegularExpressions;

namespace Doomsday.Core.Configuration.Rules;

/// <summary>A string that may not be empty; <paramref name="message"/> says why.</summary>
internal sealed class NotEmptyAttribute(string message) : FieldRuleAttribute
{
    public override (string Code, string Message)? Check(object value, string shown) =>
        value is string { Length: 0 } ? (ConfigErrorCodes.InvalidValue, message) : null;
}

/// <summary>A .NET regular expression (what the value is matched with at run time).</summary>
internal sealed class RegexAttribute : FieldRuleAttribute
{
    public override (string Code, string Message)? Check(object value, string shown)
    {
        if (value is not string s) return null;
        try
        {
            _ = new Regex(s, RegexOptions.None, TimeSpan.FromSeconds(1));
            return null;
        }
        catch (ArgumentException e)
        {
            return (ConfigErrorCodes.InvalidValue, $"not a regular expression: {e.Message}");
        }
    }
}

/// <summary>
/// HTTP request headers: a name is checked with the call the probe and the webhook notifier make
/// (<c>HttpHeaders.TryAddWithoutValidation</c>), so a name that could never be sent fails here; a value holds no
/// line break or NUL.
/// </summary>
internal sealed class HttpHeadersAttribute : FieldRuleAttribute
{
    public override (string Code, string Message)? Check(object value, string shown) =>
        value is string s && s.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0 ? (ConfigErrorCodes.InvalidValue, "a header value cannot hold a line break or NUL") : null;

    public override (string Code, string Message)? CheckKey(Type owner, string key)
    {
        using var request = new HttpRequestMessage();
        return request.Headers.TryAddWithoutValidation(key, "") ? null : (ConfigErrorCodes.InvalidValue, $"'{key}' is not a header a request can carry (not an HTTP token, or a content header)");
    }
}

/// <summary>A bearer token strong enough to guard the API (<see cref="FieldRules.BearerTokenProblem"/>).</summary>
internal sealed class BearerTokenAttribute : FieldRuleAttribute
{
    public override (string Code, string Message)? Check(object value, string shown) =>
        value is string s && FieldRules.BearerTokenProblem(s) is { } problem ? (ConfigErrorCodes.WeakToken, problem) : null;
}
