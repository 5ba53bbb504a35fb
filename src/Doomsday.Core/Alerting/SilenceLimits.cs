using System.Text;

namespace Doomsday.Core.Alerting;

/// <summary>
/// How big a silence may be, wherever one is made (<c>doomsday silence add</c>, the HTTP API): a silence is kept
/// in the store, listed by the API and matched against every alert each round, so 100,000 matchers or a
/// megabyte of comment cost every round and every listing. Public contract: docs/cli.md (<c>silence add</c>).
/// Alertmanager's own bound is a flag (<c>--silences.max-silence-size-bytes</c>); these are far above what
/// amtool users write.
/// </summary>
public static class SilenceLimits
{
    public const int MaxMatchers = 64;

    /// <summary>Most UTF-8 bytes of the comment.</summary>
    public const int MaxCommentBytes = 4096;

    /// <summary>Most UTF-8 bytes of the author, and of a matcher's name or value.</summary>
    public const int MaxFieldBytes = 1024;

    /// <summary>Null when the silence is within the limits; otherwise what is wrong (never quoting the long text).</summary>
    public static string? Check(IReadOnlyList<SilenceMatcher> matchers, string comment, string createdBy)
    {
        if (matchers.Count > MaxMatchers) return $"{matchers.Count} matchers, more than the {MaxMatchers} a silence may have";
        if (Encoding.UTF8.GetByteCount(comment) > MaxCommentBytes) return $"the comment is {Encoding.UTF8.GetByteCount(comment)} bytes, over the {MaxCommentBytes} allowed";
        if (Encoding.UTF8.GetByteCount(createdBy) > MaxFieldBytes) return $"the author is over the {MaxFieldBytes} bytes allowed";
        foreach (var m in matchers)
        {
            if (Encoding.UTF8.GetByteCount(m.Name) > MaxFieldBytes || Encoding.UTF8.GetByteCount(m.Value) > MaxFieldBytes)
            {
                return $"a matcher's name or value is over the {MaxFieldBytes} bytes allowed";
            }
            if (m.IsRegex && LabelPattern.Validate("~" + m.Value) is { } invalid) return invalid;
        }
        return null;
    }
}
