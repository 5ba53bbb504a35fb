namespace Doomsday.Daemon.Logging;

/// <summary>The daemon's log line format, chosen with <c>watch --log-format</c> (docs/logging.md).</summary>
public enum LogFormat
{
    /// <summary><c>TIME LEVEL EVENT COMPONENT: MESSAGE</c>, for people reading a terminal or the journal.</summary>
    Text,

    /// <summary>One JSON object per line (<c>time</c>, <c>level</c>, <c>event</c>, <c>event_id</c>, <c>component</c>, <c>msg</c>, then the event's fields), for log shippers.</summary>
    Json,
}

/// <summary>The names <c>--log-format</c> accepts: the one place they are spelled.</summary>
public static class LogFormats
{
    public const string Text = "text";
    public const string Json = "json";

    public static IReadOnlyList<string> Names { get; } = [Text, Json];

    public static LogFormat? Parse(string name) => name switch
    {
        Text => LogFormat.Text,
        Json => LogFormat.Json,
        _ => null,
    };
}
