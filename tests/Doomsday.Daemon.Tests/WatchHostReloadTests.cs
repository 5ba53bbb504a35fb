using System.Globalization;
using Doomsday.Core.Tests.Support;
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
        var (a, b) = (TcpPorts.Free(), TcpPorts.Free());
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
        Assert.True(host.Metrics.ReloadCount(success: true) >= 1);
        var kept = (await api.ProbesAsync()).Single(p => p.Name == "a");
        Assert.Equal(down.StateSince, kept.StateSince);
        Assert.Equal("down", kept.State);
    }
}
