using Doomsday.Daemon.Logging;
using Doomsday.Daemon.Workers;
using Doomsday.Watch.Probes;
using Doomsday.Watch.Probes.Tcp;
using Doomsday.Watch.Store;
using Microsoft.Data.Sqlite;

namespace Doomsday.Daemon.Tests.Workers;

public sealed class ProbeResultWriterTests : IDisposable
{
    private readonly TempDir _dir = new();

    [Fact]
    public async Task RoundAsync_StoreRefusesWrite_BatchKeptAndWrittenNextRound()
    {
        var dbPath = _dir.Combine("doomsday.db");
        using var store = DoomsdayStore.Open(dbPath, TimeProvider.System);
        var observer = new ProbeObserver(EventLog.Null, () => { });
        var writer = new ProbeResultWriter(observer, store);
        var probe = new TcpProbeOptions { Name = "ssh", Address = "127.0.0.1:22" };
        observer.OnResult(probe, ProbeResult.Fail(TimeSpan.FromMilliseconds(3), "connect_refused", "refused"), DateTimeOffset.UtcNow);
        using var other = new SqliteConnection($"Data Source={dbPath};Pooling=False");
        other.Open();
        void Sql(string sql)
        {
            using var cmd = other.CreateCommand();
            cmd.CommandText = sql;
            cmd.ExecuteNonQuery();
        }

        Sql("ALTER TABLE probe_results RENAME TO probe_results_away");
        await Assert.ThrowsAsync<SqliteException>(() => writer.RoundAsync(CancellationToken.None));
        Sql("ALTER TABLE probe_results_away RENAME TO probe_results");
        await writer.RoundAsync(CancellationToken.None);

        var stored = Assert.Single(store.ProbeResults.For("ssh", DateTimeOffset.UtcNow.AddHours(-1)));
        Assert.Equal("connect_refused", stored.Reason);
    }

    public void Dispose() => _dir.Dispose();
}
