using System.Globalization;
using Doomsday.Cli.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Doomsday.Cli.Tests.Commands.Watch;

/// <summary>Stopping the real daemon: SIGKILL loses nothing, SIGTERM duplicates nothing and exits 0, even during start-up.</summary>
public sealed class WatchStopTests
{
    /// <summary>
    /// Eight SIGKILLs, then eight SIGTERMs, each with deliveries in flight to a real receiver (docs/benchmarks.md
    /// has a longer run). Every notification the store holds reaches the receiver; after SIGTERMs none twice.
    /// </summary>
    [Fact]
    public async Task Watch_KilledAndTerminatedWithDeliveriesInFlight_NoneLostNoneDuplicatedByTerm()
    {
        using var dir = new TempDir();

        var result = await KillLoop.RunAsync(WatchProcess.Start, dir.Path, kills: 8, terms: 8);

        Assert.True(result.Notifications >= 16, $"only {result.Notifications} notifications were made\n{result.Log}");
        Assert.Equal(0, result.Lost);
        Assert.Equal(0, result.DuplicatesAfterTerms);
        Assert.Equal(Enumerable.Repeat(0, 8), result.TermExitCodes);
    }

    /// <summary>
    /// SIGTERM while start-up is blocked (the store file locked by another process, so the daemon waits on
    /// it): the daemon exits 0 once it can, as docs/exit-codes.md says, not 3 nor by the signal.
    /// </summary>
    [Fact]
    public async Task Watch_SigtermDuringStartup_ExitsZero()
    {
        using var dir = new TempDir();
        var listen = TcpPorts.Free();
        var store = dir.Combine("doomsday.db");
        var config = dir.File("doomsday.yaml", string.Create(CultureInfo.InvariantCulture, $"server:\n  listen: 127.0.0.1:{listen}\nstore:\n  path: {store}\n"));
        using var locker = new SqliteConnection($"Data Source={store};Pooling=False");
        locker.Open();
        using (var exclusive = locker.CreateCommand())
        {
            exclusive.CommandText = "PRAGMA locking_mode=EXCLUSIVE; CREATE TABLE held (x); BEGIN EXCLUSIVE;";
            exclusive.ExecuteNonQuery();
        }

        using var daemon = new ChildProcess(WatchProcess.Dotnet, [WatchProcess.Dll, "watch", "--config", config]);
        await Eventually.UntilAsync(() => daemon.Stderr.Contains("starting with", StringComparison.Ordinal), WatchProcess.Deadline, () => "start-up began\n" + daemon.Stderr);
        WatchProcess.Signal(daemon.Pid, "TERM");
        var code = await WatchProcess.ExitCodeAsync(daemon);

        Assert.True(code == 0, $"exit {code}\n{daemon.Stderr}");
        Assert.Contains("stopped during start-up", daemon.Stderr);
    }
}
