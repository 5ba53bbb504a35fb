namespace Doomsday.Watch.Alerting;

/// <summary>
/// How large a silence (or an acknowledgement) may be, wherever it comes from (the HTTP API, the CLI): enough
/// for any real one, small enough that matching every alert against every silence each round stays cheap and
/// a request cannot make the daemon hold megabytes. Public contract (docs/http-api.md, "Limits").
/// </summary>
public static class SilenceLimits
{
    public const int MaxMatchers = 64;
    public const int MaxLabelNameLength = 128;
    public const int MaxValueLength = 1024;
    public const int MaxCommentLength = 4096;

    /// <summary><c>createdBy</c> of a silence, <c>by</c> of an acknowledgement.</summary>
    public const int MaxAuthorLength = 256;

    /// <summary>
    /// Null when a silence is within the limits; otherwise why not, naming the field. The one check behind the API's
    /// 400 answer and <c>doomsday silence add</c>, which refuses before sending.
    /// </summary>
    public static string? Check(IReadOnlyList<(string? Name, string? Value)> matchers, string? comment, string? createdBy)
    {
        if (matchers.Count > MaxMatchers) return $"a silence takes at most {MaxMatchers} matchers ({matchers.Count} given)";
        for (var i = 0; i < matchers.Count; i++)
        {
            var (name, value) = matchers[i];
            if ((name?.Length ?? 0) > MaxLabelNameLength) return $"matchers[{i}].name is longer than {MaxLabelNameLength} characters";
            if ((value?.Length ?? 0) > MaxValueLength) return $"matchers[{i}].value is longer than {MaxValueLength} characters";
        }
        return Text("comment", comment, MaxCommentLength) ?? Text("createdBy", createdBy, MaxAuthorLength);
    }

    /// <summary>Null when a text field is within <paramref name="max"/> characters; otherwise the message.</summary>
    public static string? Text(string field, string? value, int max) =>
        (value?.Length ?? 0) > max ? $"'{field}' is longer than {max} characters ({value!.Length} given)" : null;
}
