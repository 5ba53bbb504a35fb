namespace Doomsday.Core.Doctor.Checks;

/// <summary>
/// Timestamps of the Kubernetes model types are <see cref="DateTime"/>s the API wrote in UTC; the
/// client may hand them back with an unspecified kind, which must not be read as local time.
/// </summary>
internal static class ClusterTime
{
    public static DateTimeOffset? Of(DateTime? time) => time switch
    {
        null => null,
        { Kind: DateTimeKind.Local } t => new DateTimeOffset(t).ToUniversalTime(),
        { } t => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)),
    };

    public static string Format(DateTimeOffset? time) => time is { } t ? t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ") : "unknown";

    public static string Format(DateTime? time) => Format(Of(time));
}
