using System.Text.Json;
using Doomsday.Daemon.Logging;

namespace Doomsday.Daemon.Tests.Logging;

public sealed class EventLogTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 8, 30, 15, 123, TimeSpan.Zero);

    private static (EventLog Log, StringWriter Out) Log(LogFormat format)
    {
        var writer = new StringWriter();
        return (new EventLog(writer, new FixedTimeProvider(At), format), writer);
    }

    [Fact]
    public void Write_Text_TimeLevelEventComponentMessageOnOneLine()
    {
        var (log, output) = Log(LogFormat.Text);

        log.Write(LogEvents.ProbeDown, "probes", "api (http) down after 3 failures:\nconnection_refused", new LogField("probe", "api"));

        Assert.Equal("2026-12-06T08:30:15.123Z warn  probe.down probes: api (http) down after 3 failures: | connection_refused" + Environment.NewLine, output.ToString());
    }

    /// <summary>Log lines carry names from outside: none may forge a line or act on the terminal it is read on.</summary>
    [Fact]
    public void Write_TextMessageWithEscapesAndNewlines_OneLineEscaped()
    {
        var (log, output) = Log(LogFormat.Text);

        log.Write(LogEvents.ProbeDown, "probes", "cannot read /srv/evil\u001b]0;owned\u0007\u001b[2J.pem\nfake 2026-01-01T00:00:00.000Z info watch: all good\u009b");

        var text = output.ToString();
        var line = Assert.Single(text.TrimEnd('\n', '\r').Split('\n'));
        Assert.EndsWith(@"warn  probe.down probes: cannot read /srv/evil\x1b]0;owned\x07\x1b[2J.pem | fake 2026-01-01T00:00:00.000Z info watch: all good\x9b", line);
        Assert.DoesNotContain('\u001b', text);
    }

    [Fact]
    public void Write_Json_OneObjectPerLineWithFixedKeysThenFields()
    {
        var (log, output) = Log(LogFormat.Json);

        log.Write(LogEvents.ProbeDown, "probes", "api down \"quoted\"\nsecond line", new LogField("probe", "api"), new LogField("reason", "connection_refused"));
        log.Write(LogEvents.Listening, "watch", "listening");

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        var root = first.RootElement;
        Assert.Equal(["time", "level", "event", "event_id", "component", "msg", "probe", "reason"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2026-12-06T08:30:15.123Z", root.GetProperty("time").GetString());
        Assert.Equal("warn", root.GetProperty("level").GetString());
        Assert.Equal("probe.down", root.GetProperty("event").GetString());
        Assert.Equal(LogEvents.ProbeDown.Id, root.GetProperty("event_id").GetInt32());
        Assert.Equal("api down \"quoted\"\nsecond line", root.GetProperty("msg").GetString());
        Assert.Equal("connection_refused", root.GetProperty("reason").GetString());
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal("info", second.RootElement.GetProperty("level").GetString());
    }

    [Fact]
    public void Write_JsonFieldNamedLikeAFixedKey_Dropped()
    {
        var (log, output) = Log(LogFormat.Json);

        log.Write(LogEvents.AlertTransition, "alerts", "real message", new LogField("msg", "forged"), new LogField("level", "info"));

        using var doc = JsonDocument.Parse(output.ToString());
        Assert.Equal("real message", doc.RootElement.GetProperty("msg").GetString());
        Assert.Single(doc.RootElement.EnumerateObject(), p => p.Name == "msg");
    }

    [Fact]
    public void Write_SeverityGiven_OverridesTheEventsOwn()
    {
        var (log, output) = Log(LogFormat.Json);

        log.Write(LogEvents.ServerMessage, LogSeverity.Error, "http", "kestrel failed");

        using var doc = JsonDocument.Parse(output.ToString());
        Assert.Equal("error", doc.RootElement.GetProperty("level").GetString());
        Assert.Equal("http.server", doc.RootElement.GetProperty("event").GetString());
    }
}
