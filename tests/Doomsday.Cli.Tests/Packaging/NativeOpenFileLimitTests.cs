using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Doomsday.Cli.Tests.Packaging;

/// <summary>
/// The native <c>watch</c> started with a low soft limit of open descriptors, as systemd starts a unit (1,024 unless
/// it says otherwise) and as a shell with <c>ulimit -Sn</c> would: it must run with the hard limit, as the JIT
/// build does (its runtime raises it; the NativeAOT runtime does not, so doomsday does: Hosting/OpenFileLimit).
/// </summary>
public sealed class NativeOpenFileLimitTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Watch_StartedWithLowSoftLimit_RunsWithTheHardLimit()
    {
        var port = TcpPorts.Free();
        var config = _dir.File("doomsday.yaml", string.Create(CultureInfo.InvariantCulture, $"""
            server:
              listen: 127.0.0.1:{port}
            store:
              path: {_dir.Combine("doomsday.db")}
            """));
        // The shell lowers its own soft limit and replaces itself with doomsday: same PID, inherited limits.
        var info = new ProcessStartInfo("/bin/sh", ["-c", "ulimit -Sn 256 && exec \"$0\" \"$@\"", NativeBinary.Path, "watch", "--config", config])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var watch = new NativeProcess(Process.Start(info)!);
        // The limit is raised first thing in Main, long before the daemon listens.
        TcpPorts.WaitUntilListening(watch.Process, [port], TimeSpan.FromSeconds(60), () => watch.Output);

        var limits = await File.ReadAllTextAsync($"/proc/{watch.Process.Id}/limits");
        var line = Regex.Match(limits, @"^Max open files\s+(\d+)\s+(\d+)", RegexOptions.Multiline);
        Assert.True(line.Success, limits);
        Assert.NotEqual("256", line.Groups[1].Value);
        Assert.Equal(line.Groups[2].Value, line.Groups[1].Value);
        Assert.Equal(0, await watch.StopAsync(TimeSpan.FromSeconds(30)));
    }
}
