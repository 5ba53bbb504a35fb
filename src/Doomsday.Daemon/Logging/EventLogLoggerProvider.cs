using Microsoft.Extensions.Logging;

namespace Doomsday.Daemon.Logging;

/// <summary>Routes ASP.NET Core's own warnings and errors (Kestrel, hosting) to the <see cref="EventLog"/>, one line each.</summary>
internal sealed class EventLogLoggerProvider(EventLog log) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new EventLogLogger(log, "http");

    public void Dispose()
    {
    }
}
