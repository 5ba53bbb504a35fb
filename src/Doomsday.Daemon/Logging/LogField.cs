namespace Doomsday.Daemon.Logging;

/// <summary>
/// A named value an event carries in the JSON log format (<c>probe</c>, <c>alert</c>, <c>reason</c>...), so a log
/// shipper can index it without parsing the message. The text format leaves fields out: the message says the same.
/// </summary>
public readonly record struct LogField(string Key, string Value)
{
    /// <summary>Keys every JSON line has; a field with one of these names is dropped.</summary>
    public static IReadOnlySet<string> Reserved { get; } = new HashSet<string>(StringComparer.Ordinal) { "time", "level", "event", "event_id", "component", "msg" };
}
