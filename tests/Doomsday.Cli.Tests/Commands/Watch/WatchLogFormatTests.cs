using System.Text.Json;
using Doomsday.Cli.Tests.Support;

namespace Doomsday.Cli.Tests.Commands.Watch;

/// <summary><c>watch --log-format json</c>: what a log shipper reading the daemon's stderr gets.</summary>
public sealed class WatchLogFormatTests
{
    private static IReadOnlyList<JsonElement> JsonLines(string stderr) =>
        [.. stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            try
            {
                using var doc = JsonDocument.Parse(line);
                return doc.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new Xunit.Sdk.XunitException($"not a JSON line ({e.Message}): {line}\n--- stderr ---\n{stderr}");
            }
        })];

    /// <summary>
    /// The real daemon with a tcp probe of a port nobody listens on: every stderr line from start to SIGTERM is
    /// one JSON object with the fixed keys, and the probe going down is the event <c>probe.down</c> with the probe's
    /// name and reason code as fields (what an operator's log alert matches on).
    /// </summary>
    [Fact]
    public async Task Watch_JsonLogFormat_EveryLineAnEventObjectProbeDownWithFields()
    {
        using var dir = new TempDir();
        var listen = TcpPorts.Free();
        using var closed = TcpPorts.Closed(); // nobody listens there until the test ends
        var config = dir.File("doomsday.yaml", WatchProcess.Config(listen, dir.Combine("doomsday.db"), null, WatchProcess.TcpProbe("db", closed.Port)));
        using var daemon = WatchProcess.Started(new ChildProcess(WatchProcess.Dotnet, [WatchProcess.Dll, "watch", "--config", config, "--log-format", "json"]), listen);

        await Eventually.UntilAsync(() => daemon.Stderr.Contains("\"probe.down\"", StringComparison.Ordinal), WatchProcess.Deadline, () => "probe.down logged\n" + daemon.Stderr);
        WatchProcess.Signal(daemon.Pid, "TERM");
        var code = await WatchProcess.ExitCodeAsync(daemon);

        Assert.True(code == 0, $"exit {code}\n{daemon.Stderr}");
        var lines = JsonLines(daemon.Stderr);
        Assert.All(lines, line => Assert.Equal(["time", "level", "event", "event_id", "component", "msg"], line.EnumerateObject().Select(p => p.Name).Take(6)));
        var events = lines.Select(l => l.GetProperty("event").GetString()).ToList();
        Assert.Equal("watch.starting", events[0]);
        Assert.Contains("watch.listening", events);
        Assert.Contains("watch.stopping", events);
        var down = Assert.Single(lines, l => l.GetProperty("event").GetString() == "probe.down");
        Assert.Equal("warn", down.GetProperty("level").GetString());
        Assert.Equal("db", down.GetProperty("probe").GetString());
        Assert.Equal("tcp", down.GetProperty("kind").GetString());
        Assert.False(string.IsNullOrEmpty(down.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task RunAsync_JsonLogFormatInvalidConfig_Exit3ReasonsAsNotStartedEvents()
    {
        using var dir = new TempDir();
        var config = dir.File("doomsday.yaml", "probes:\n  - name: etcd\n    kind: etcd\n    url: https://127.0.0.1:2379\n    interval: often\n");
        var run = await CliRun.RunAsync(TimeProvider.System, _ => null, null, "watch", "--config", config, "--log-format", "json");

        Assert.Equal(3, run.ExitCode);
        var lines = JsonLines(run.Error);
        Assert.Equal("watch.starting", lines[0].GetProperty("event").GetString());
        Assert.All(lines.Skip(1), l => Assert.Equal("watch.not-started", l.GetProperty("event").GetString()));
        Assert.Contains(lines, l => l.GetProperty("msg").GetString()!.Contains("probes[0].interval", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.GetProperty("msg").GetString()!.Contains("not started", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_UnknownLogFormat_Exit3NamingTheChoices()
    {
        var run = await CliRun.RunAsync(TimeProvider.System, _ => null, null, "watch", "--config", "/nonexistent.yaml", "--log-format", "xml");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("xml", run.Error);
        Assert.Contains("json", run.Error);
    }
}
