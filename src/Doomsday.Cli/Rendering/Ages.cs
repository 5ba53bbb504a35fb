using System.Globalization;
using Doomsday.Core.Certificates;

namespace Doomsday.Cli.Rendering;

/// <summary>Times as an on-call person reads them: how long ago (<c>12m</c>, as kubectl's AGE), and instants in UTC.</summary>
internal static class Ages
{
    /// <summary><c>42s</c>, <c>12m</c>, <c>5h</c>, <c>3d</c>: the residual-time format, of the time since <paramref name="at"/>.</summary>
    public static string Since(DateTimeOffset at, DateTimeOffset now) => Durations.FormatResidual(now < at ? TimeSpan.Zero : now - at);

    /// <summary><c>2026-12-06 10:00:00 UTC</c>.</summary>
    public static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
