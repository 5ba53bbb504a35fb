using System.Globalization;
using Doomsday.Cli.Tests.Support;

namespace Doomsday.Cli.Tests.Commands.Watch;

/// <summary>Reload signals of the real daemon process.</summary>
public sealed class WatchReloadTests
{
    /// <summary>
    /// <c>nohup doomsday watch ...</c>: nohup sets SIGHUP to ignored before it starts the daemon, and an inherited
    /// ignore would keep .NET from ever calling the daemon's handler. SIGHUP must still reload (and not kill it).
    /// The file watcher is taken out of play: the config is a link into another folder, rewritten there.
    /// </summary>
    [Fact]
    public async Task Watch_StartedUnderNohup_SighupReloads()
    {
        using var dir = new TempDir();
        var listen = TcpPorts.Free();
        using var closed0 = TcpPorts.Closed(); // the probes' targets: nobody listens there until the test ends
        using var closed1 = TcpPorts.Closed();
        int[] targets = [closed0.Port, closed1.Port];
        string Config(int probes) => string.Create(CultureInfo.InvariantCulture, $"server:\n  listen: 127.0.0.1:{listen}\nstore:\n  path: {dir.Combine("doomsday.db")}\nprobes:\n")
            + string.Concat(Enumerable.Range(0, probes).Select(i => string.Create(CultureInfo.InvariantCulture, $"  - {{ name: p{i}, kind: tcp, address: 127.0.0.1:{targets[i]}, interval: 1h }}\n")));
        var real = dir.File("elsewhere/doomsday.yaml", Config(1));
        var config = dir.Combine("etc/doomsday.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(config)!);
        File.CreateSymbolicLink(config, real);
        var nohup = ChildProcess.Find("nohup", "/usr/bin/nohup", "/bin/nohup");

        using var daemon = WatchProcess.StartVia(nohup, config, listen);
        await Eventually.UntilAsync(() => daemon.Stderr.Contains("listening on", StringComparison.Ordinal), WatchProcess.Deadline, () => "started\n" + daemon.Stderr);
        File.WriteAllText(real, Config(2));
        WatchProcess.Signal(daemon.Pid, "HUP");

        await Eventually.UntilAsync(() => daemon.Stderr.Contains("reload (SIGHUP): applied; 2 probes", StringComparison.Ordinal), WatchProcess.Deadline,
            () => "reload after SIGHUP\n" + daemon.Stderr);
        Assert.False(daemon.Process.HasExited);
    }
}
