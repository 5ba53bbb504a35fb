using System.Globalization;
using Doomsday.Core.Reporting;

namespace Doomsday.Daemon.Logging;

/// <summary>
/// The daemon's log: one line per event on one writer (stderr), <c>TIME LEVEL COMPONENT: MESSAGE</c>.
/// Never a stack trace: <see cref="Describe"/> turns an exception into its type and message. Callers
/// never pass secrets (webhook URLs, tokens, passwords) in messages. Messages carry names from outside
/// (file names, certificate subjects, server answers): line breaks become <c> | </c> and every other
/// control character is escaped (<see cref="TerminalText"/>), so a log line cannot forge another line
/// nor act on the terminal it is read on.
/// </summary>
public sealed class EventLog(TextWriter writer, TimeProvider time)
{
    private readonly Lock _lock = new();

    public static EventLog Null { get; } = new(TextWriter.Null, TimeProvider.System);

    public void Info(string component, string message) => Write("info", component, message);

    public void Warn(string component, string message) => Write("warn", component, message);

    public void Error(string component, string message) => Write("error", component, message);

    /// <summary>An exception as one line for the log (no stack trace, inner exceptions folded in).</summary>
    public static string Describe(Exception e)
    {
        var text = $"{e.GetType().Name}: {e.Message}";
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException) text += $" ({inner.Message})";
        return text;
    }

    private void Write(string level, string component, string message)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{time.GetUtcNow():yyyy-MM-ddTHH:mm:ss.fffZ} {level,-5} {component}: {TerminalText.Escape(message.ReplaceLineEndings(" | "))}");
        lock (_lock)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }
}
