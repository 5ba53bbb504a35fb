namespace Doomsday.Core.Alerting;

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
}
