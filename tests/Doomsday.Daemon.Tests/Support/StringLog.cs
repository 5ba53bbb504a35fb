using System.Text;
using Doomsday.Daemon.Logging;

namespace Doomsday.Daemon.Tests.Support;

/// <summary>The daemon's log kept in memory, printed by a failing assertion.</summary>
internal sealed class StringLog
{
    private readonly StringWriter _writer = new(new StringBuilder());

    // TextWriter.Synchronized's methods lock the synchronized writer itself ([MethodImpl(Synchronized)]), so reading
    // under the same lock never sees the StringBuilder mid-append (reading under another lock threw now and then).
    private readonly TextWriter _synchronized;

    public EventLog Log { get; }

    public StringLog()
    {
        _synchronized = TextWriter.Synchronized(_writer);
        Log = new EventLog(_synchronized, TimeProvider.System);
    }

    public override string ToString()
    {
        lock (_synchronized) return _writer.ToString();
    }
}
