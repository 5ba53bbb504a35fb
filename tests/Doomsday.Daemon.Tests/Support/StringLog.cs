using System.Text;
using Doomsday.Daemon.Logging;

namespace Doomsday.Daemon.Tests.Support;

/// <summary>The daemon's log kept in memory, printed by a failing assertion.</summary>
internal sealed class StringLog
{
    private readonly StringWriter _writer = new(new StringBuilder());

    public EventLog Log { get; }

    public StringLog() => Log = new EventLog(TextWriter.Synchronized(_writer), TimeProvider.System);

    public override string ToString()
    {
        lock (_writer) return _writer.ToString();
    }
}
