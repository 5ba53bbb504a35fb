using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Doomsday.Core.Reporting;

namespace Doomsday.Daemon.Logging;

/// <summary>
/// The daemon's log: one line per event on one writer (stderr), every line a <see cref="LogEvent"/> from
/// <see cref="LogEvents"/> so that an operator can match on its stable name or id. Text lines read
/// <c>TIME LEVEL EVENT COMPONENT: MESSAGE</c>; JSON lines carry the same plus the event's fields. Never a stack
/// trace: <see cref="Describe"/> turns an exception into its type and message. Callers never pass secrets
/// (webhook URLs, tokens, passwords) in messages or fields. Messages carry names from outside (file names,
/// certificate subjects, server answers): in a text line, line breaks become <c> | </c> and every other control
/// character is escaped (<see cref="TerminalText"/>), so a line cannot forge another line nor act on the
/// terminal it is read on; JSON lines escape control characters as JSON does.
/// </summary>
public sealed class EventLog(TextWriter writer, TimeProvider time, LogFormat format = LogFormat.Text)
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly Lock _lock = new();

    public static EventLog Null { get; } = new(TextWriter.Null, TimeProvider.System);

    public LogFormat Format => format;

    /// <summary>Writes one line for <paramref name="logEvent"/> at its own severity.</summary>
    public void Write(LogEvent logEvent, string component, string message, params ReadOnlySpan<LogField> fields) =>
        Write(logEvent, logEvent.Severity, component, message, fields);

    /// <summary>Writes one line at a severity other than the event's own (the web server's messages carry theirs).</summary>
    public void Write(LogEvent logEvent, LogSeverity severity, string component, string message, params ReadOnlySpan<LogField> fields)
    {
        var now = time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        var line = format == LogFormat.Json
            ? JsonLine(now, logEvent, severity, component, message, fields)
            : $"{now} {Level(severity),-5} {logEvent.Name} {component}: {TerminalText.Escape(message.ReplaceLineEndings(" | "))}";
        lock (_lock)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    /// <summary>An exception as one line for the log (no stack trace, inner exceptions folded in).</summary>
    public static string Describe(Exception e)
    {
        var text = $"{e.GetType().Name}: {e.Message}";
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException) text += $" ({inner.Message})";
        return text;
    }

    public static string Level(LogSeverity severity) => severity switch
    {
        LogSeverity.Error => "error",
        LogSeverity.Warn => "warn",
        _ => "info",
    };

    private static string JsonLine(string now, LogEvent logEvent, LogSeverity severity, string component, string message, ReadOnlySpan<LogField> fields)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteString("time", now);
            json.WriteString("level", Level(severity));
            json.WriteString("event", logEvent.Name);
            json.WriteNumber("event_id", logEvent.Id);
            json.WriteString("component", component);
            json.WriteString("msg", message);
            foreach (var field in fields)
            {
                // the fixed keys above are never overwritten by an event's own field
                if (LogField.Reserved.Contains(field.Key)) continue;
                json.WriteString(field.Key, field.Value);
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
