using System.Globalization;
using Doomsday.Daemon.Configuration;
using Doomsday.Daemon.Tests.Support;

namespace Doomsday.Daemon.Tests;

/// <summary>Reload on file change with the real YAML loader: an invalid file keeps the running config, a valid one applies.</summary>
public sealed class WatchHostReloadTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static string Config(int listen, params (string Name, int Port)[] probes)
    {
        var text = $"server:\n  listen: 127.0.0.1:{listen}\nstore:\n  path: doomsday.db\nprobes:\n";
        foreach (var (name, port) in probes)
            text += string.Create(CultureInfo.InvariantCulture, $"  - {{ name: {name}, kind: tcp, address: 127.0.0.1:{port}, interval: 200ms, failureThreshold: 1 }}\n");
        return text;
    }

    [Fact]
    public async Task Reload_FileChanged_InvalidKeptThenValidAppliedKeepingUnchangedProbeState()
    {
        using var dir = new TempDir();
        var listen = TcpPorts.Free();
        // the probes' targets: nobody listens there until the test ends (the probes are down)
        using var closedA = TcpPorts.Closed();
        using var closedB = TcpPorts.Closed();
        var (a, b) = (closedA.Port, closedB.Port);
        var path = dir.File("doomsday.yaml", Config(listen, ("a", a)));
        var log = new StringLog();
        await using var host = new WatchHost(new WatchHostOptions { ConfigPath = path, Loader = new WatchConfigFileLoader(_ => null), Log = log.Log, ReloadDebounce = TimeSpan.FromMilliseconds(100) });
        Assert.True((await host.StartAsync(CancellationToken.None)).Started);
        using var api = new DaemonApi(host.BaseUrl);
        var down = await Eventually.UntilAsync(async () => (await api.ProbesAsync()).SingleOrDefault(p => p.State == "down"), Deadline, "probe a down");

        File.WriteAllText(path, Config(listen, ("a", a)) + "  - { name: b, kind: tcp, interval: often }\n");
        await Eventually.UntilAsync(() => host.Metrics.ReloadCount(success: false) >= 1, Deadline, "invalid config rejected\n" + log);
        Assert.Contains("probes[1]", log.ToString());
        Assert.Single(await api.ProbesAsync());

        File.WriteAllText(path, Config(listen, ("a", a), ("b", b)));
        await Eventually.UntilAsync(async () => (await api.ProbesAsync()).Count == 2, Deadline, "valid config applied\n" + log);
        // the reload is counted once it is applied: the API can show the new probes a moment before the counter moves
        await Eventually.UntilAsync(() => host.Metrics.ReloadCount(success: true) >= 1, Deadline, "successful reload counted\n" + log);
        var kept = (await api.ProbesAsync()).Single(p => p.Name == "a");
        Assert.Equal(down.StateSince, kept.StateSince);
        Assert.Equal("down", kept.State);
    }

    /// <summary>
    /// <c>: > cfg; cat new > cfg</c> done slowly: the file is empty, then holds only its first lines, then all of
    /// it. Each incomplete state is valid YAML that monitors nothing and must be refused (the probes keep
    /// running); the complete file is applied. The test moves on when the daemon has judged each state (its
    /// log), never by waiting a fixed time.
    /// </summary>
    [Fact]
    public async Task Reload_NonAtomicRewrite_EmptyAndHalfWrittenFilesRefusedCompleteOneApplied()
    {
        using var dir = new TempDir();
        var listen = TcpPorts.Free();
        using var closedA = TcpPorts.Closed();
        using var closedB = TcpPorts.Closed();
        using var closedC = TcpPorts.Closed();
        var (a, b, c) = (closedA.Port, closedB.Port, closedC.Port);
        var path = dir.File("doomsday.yaml", Config(listen, ("a", a), ("b", b)));
        var log = new StringLog();
        await using var host = new WatchHost(new WatchHostOptions { ConfigPath = path, Loader = new WatchConfigFileLoader(_ => null), Log = log.Log, ReloadDebounce = TimeSpan.FromMilliseconds(100) });
        Assert.True((await host.StartAsync(CancellationToken.None)).Started);
        using var api = new DaemonApi(host.BaseUrl);
        int Refused() => log.ToString().Split('\n').Count(l => l.Contains("monitors nothing", StringComparison.Ordinal));

        File.WriteAllText(path, ""); // ': > cfg'
        await Eventually.UntilAsync(() => Refused() == 1, Deadline, "empty file refused\n" + log);
        Assert.Equal(2, (await api.ProbesAsync()).Count);

        var full = Config(listen, ("a", a), ("b", b), ("c", c));
        File.WriteAllText(path, full[..full.IndexOf("  - ", StringComparison.Ordinal)]); // 'cat' has written the head only
        await Eventually.UntilAsync(() => Refused() == 2, Deadline, "half-written file refused\n" + log);
        Assert.Equal(2, (await api.ProbesAsync()).Count);

        File.WriteAllText(path, full);
        await Eventually.UntilAsync(async () => (await api.ProbesAsync()).Count == 3, Deadline, "complete file applied\n" + log);
        Assert.DoesNotContain("applied; 0 probes", log.ToString());
        Assert.Equal(2, host.Metrics.ReloadCount(success: false));
    }

    [Fact]
    public async Task Reload_MonitorNothingMarker_EmptyConfigApplied()
    {
        using var dir = new TempDir();
        var listen = TcpPorts.Free();
        using var closed = TcpPorts.Closed();
        var path = dir.File("doomsday.yaml", Config(listen, ("a", closed.Port)));
        var log = new StringLog();
        await using var host = new WatchHost(new WatchHostOptions { ConfigPath = path, Loader = new WatchConfigFileLoader(_ => null), Log = log.Log, ReloadDebounce = TimeSpan.FromMilliseconds(100) });
        Assert.True((await host.StartAsync(CancellationToken.None)).Started);
        using var api = new DaemonApi(host.BaseUrl);

        File.WriteAllText(path, Config(listen) + "# doomsday: monitor nothing\n");

        await Eventually.UntilAsync(async () => (await api.ProbesAsync()).Count == 0, Deadline, "explicitly empty config applied\n" + log);
        Assert.DoesNotContain("monitors nothing", log.ToString());
    }
}
