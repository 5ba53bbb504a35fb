namespace Doomsday.Daemon.Logging;

/// <summary>How much a log line matters; written as <c>info</c>, <c>warn</c> or <c>error</c>.</summary>
public enum LogSeverity
{
    Info,
    Warn,
    Error,
}

/// <summary>
/// One kind of log line: a numeric id and a dotted name that never change once released (an operator's log
/// alert matches on them), the severity it is written at, and what it means. Every one is listed in
/// <see cref="LogEvents.All"/> and documented in docs/logging.md.
/// </summary>
public sealed record LogEvent(int Id, string Name, LogSeverity Severity, string Meaning);
