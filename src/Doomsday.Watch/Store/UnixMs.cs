namespace Doomsday.Watch.Store;

/// <summary>Instants are stored as Unix milliseconds (UTC): sortable, comparable in SQL, no time-zone text.</summary>
internal static class UnixMs
{
    public static long From(DateTimeOffset t) => t.ToUnixTimeMilliseconds();

    public static long Ceiling(DateTimeOffset t) => (t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond;

    public static DateTimeOffset To(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public static DateTimeOffset? To(object value) => value is DBNull or null ? null : DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
}
