using Microsoft.Extensions.Logging;

namespace Doomsday.Daemon.Logging;

internal sealed class EventLogLogger(EventLog log, string component) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel)) return;
        var message = formatter(state, exception) + (exception is null ? "" : " " + EventLog.Describe(exception));
        log.Write(LogEvents.ServerMessage, logLevel >= LogLevel.Error ? LogSeverity.Error : LogSeverity.Warn, component, message);
    }
}
