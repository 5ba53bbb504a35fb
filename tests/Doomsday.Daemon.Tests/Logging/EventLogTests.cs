using Doomsday.Daemon.Tests.Support;

namespace Doomsday.Daemon.Tests.Logging;

/// <summary>The daemon's log lines carry names from outside: none may forge a line or act on the terminal.</summary>
public sealed class EventLogTests
{
    [Fact]
    public void Warn_MessageWithEscapesAndNewlines_OneLineEscaped()
    {
        var log = new StringLog();

        log.Log.Warn("inventory", "cannot read /srv/evil\u001b]0;owned\u0007\u001b[2J.pem\nfake 2026-01-01T00:00:00.000Z info watch: all good\u009b");

        var text = log.ToString();
        var line = Assert.Single(text.TrimEnd('\n').Split('\n'));
        Assert.EndsWith(@"warn  inventory: cannot read /srv/evil\x1b]0;owned\x07\x1b[2J.pem | fake 2026-01-01T00:00:00.000Z info watch: all good\x9b", line);
        Assert.DoesNotContain('\u001b', text);
    }
}
