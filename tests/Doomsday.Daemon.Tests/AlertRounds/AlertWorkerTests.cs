using Doomsday.Core.Sources.Endpoints;
using Doomsday.Daemon.AlertRounds;
using Doomsday.Daemon.Logging;
using Doomsday.Daemon.Telemetry;
using Doomsday.Daemon.Workers;
using Doomsday.Watch.Alerting;
using Doomsday.Watch.Notifiers.Delivery;
using Doomsday.Watch.Store;
using Microsoft.Data.Sqlite;

using Doomsday.Daemon.Tests.Support;

namespace Doomsday.Daemon.Tests.AlertRounds;

/// <summary>The alert round against a real SQLite store that refuses a write for a while.</summary>
public sealed class AlertWorkerTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDir _dir = new();

    /// <summary>
    /// The engine has decided to notify (its state says firing, notified) but the store refused the write:
    /// the next round must write those decisions, or the notification is lost while the daemon runs.
    /// </summary>
    [Fact]
    public async Task RoundAsync_StoreBusyDuringWrite_DecisionsWrittenNextRound()
    {
        var time = new FixedTimeProvider(Now);
        var inventory = await ExpiringInventory.ScanAsync(_dir, time);
        var dbPath = _dir.Combine("doomsday.db");
        using var store = DoomsdayStore.Open(dbPath, time);
        var outbox = new Outbox(store, [], new DeliverySettings());
        var engine = new AlertEngine(new AlertingOptions { DefaultNotifiers = ["hook"] }, time);
        var worker = new AlertWorker(engine, new DecisionWriter(store, outbox, _ => null, EventLog.Null), () => [], () => inventory.Latest, time);

        // The store refuses the write: its outbox table is out of the way (instant; a held lock would cost the 30 s busy retry).
        using var other = new SqliteConnection($"Data Source={dbPath};Pooling=False");
        other.Open();
        void Sql(string sql)
        {
            using var cmd = other.CreateCommand();
            cmd.CommandText = sql;
            cmd.ExecuteNonQuery();
        }
        Sql("ALTER TABLE outbox RENAME TO outbox_away");
        await Assert.ThrowsAsync<SqliteException>(() => worker.RoundAsync(CancellationToken.None));
        Assert.Equal(AlertStatus.Firing, Assert.Single(engine.States).Status);
        Sql("ALTER TABLE outbox_away RENAME TO outbox");
        Assert.Equal(0, store.Outbox.PendingCount());

        await worker.RoundAsync(CancellationToken.None);

        Assert.Equal(1, store.Outbox.PendingCount());
        Assert.Single(store.AlertStates.All());
    }

    public void Dispose() => _dir.Dispose();
}
