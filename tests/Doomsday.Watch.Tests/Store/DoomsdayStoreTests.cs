using Doomsday.Watch.Store;
using Doomsday.Watch.Tests.Notifiers;
using Microsoft.Data.Sqlite;

namespace Doomsday.Watch.Tests.Store;

public sealed class DoomsdayStoreTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly ManualTimeProvider _clock = new(SampleNotifications.Start);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Open_NewFile_UsesWalJournalAndLatestSchema()
    {
        var path = _dir.Combine("doomsday.db");
        using var store = DoomsdayStore.Open(path, _clock);

        Assert.Equal(StoreMigrations.Latest, store.SchemaVersion);
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string)cmd.ExecuteScalar()!);
        Assert.True(File.Exists(path + "-wal"));
    }

    [Fact]
    public void Open_DatabaseAtVersion1_MigratesToLatestKeepingItsRows()
    {
        var path = _dir.Combine("old.db");
        using (var old = DoomsdayStore.Open(path, _clock, migrateUpTo: 1))
        {
            Assert.Equal(1, old.SchemaVersion);
            old.AlertStates.Put("fp-1", """{"state":"firing"}""");
            old.Outbox.Enqueue(SampleNotifications.Firing("n-1"), [("oncall", 0)]);
        }

        using var store = DoomsdayStore.Open(path, _clock);

        Assert.Equal(StoreMigrations.Latest, store.SchemaVersion);
        Assert.Equal("""{"state":"firing"}""", store.AlertStates.Get("fp-1"));
        Assert.Equal("n-1", Assert.Single(store.Outbox.All()).Notification.Id);
        // tables of version 2 exist and work
        store.ProbeResults.Add([new StoredProbeResult("etcd", _clock.GetUtcNow(), true, TimeSpan.FromMilliseconds(3), null, "")]);
        Assert.Equal(1, store.ProbeResults.Count());
    }

    [Fact]
    public void Open_PathInMissingDirectory_ThrowsStoreExceptionNamingThePath()
    {
        var path = _dir.Combine("no/such/dir/doomsday.db");

        var e = Assert.Throws<StoreException>(() => DoomsdayStore.Open(path, _clock));

        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Open_SchemaNewerThanThisBuild_ThrowsStoreException()
    {
        var path = _dir.Combine("future.db");
        using (DoomsdayStore.Open(path, _clock)) { }
        using (var c = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"INSERT INTO schema_version (version, applied_at) VALUES ({StoreMigrations.Latest + 1}, 0)";
            cmd.ExecuteNonQuery();
        }

        var e = Assert.Throws<StoreException>(() => DoomsdayStore.Open(path, _clock));
        Assert.Contains("newer", e.Message);
    }

    [Fact]
    public void Prune_InjectedClock_DeletesOnlyHistoryOlderThanRetention()
    {
        using var store = DoomsdayStore.Open(_dir.Combine("prune.db"), _clock);
        var now = _clock.GetUtcNow();
        store.ProbeResults.Add(
        [
            new StoredProbeResult("etcd", now - TimeSpan.FromDays(8), false, TimeSpan.FromSeconds(1), "timeout", "old"),
            new StoredProbeResult("etcd", now - TimeSpan.FromDays(6), true, TimeSpan.FromSeconds(1), null, "recent"),
        ]);
        store.Snapshots.Add(now - TimeSpan.FromDays(31), "{}");
        store.Snapshots.Add(now - TimeSpan.FromDays(29), "{\"recent\":true}");
        store.Incidents.Record("fp-old", "Old", new IncidentEvent(now - TimeSpan.FromDays(100), IncidentEventKinds.Firing, ""));
        store.Incidents.Record("fp-old", "Old", new IncidentEvent(now - TimeSpan.FromDays(95), IncidentEventKinds.Resolved, ""));
        store.Incidents.Record("fp-open", "Open", new IncidentEvent(now - TimeSpan.FromDays(100), IncidentEventKinds.Firing, ""));
        store.Silences.Put(new StoredSilence("s-old", "silence", "[]", now - TimeSpan.FromDays(120), now - TimeSpan.FromDays(91), "ops", "", now - TimeSpan.FromDays(120)));
        store.Silences.Put(new StoredSilence("s-now", "ack", "[]", now, now + TimeSpan.FromDays(1), "ops", "", now));

        var pruned = store.Prune(new RetentionSettings());

        Assert.Equal(new PruneResult(ProbeResults: 1, Incidents: 1, Snapshots: 1, OutboxRows: 0, Silences: 1), pruned);
        Assert.Equal("recent", Assert.Single(store.ProbeResults.For("etcd", now - TimeSpan.FromDays(365))).Detail);
        Assert.Equal("{\"recent\":true}", store.Snapshots.Latest()!.Value.Json);
        Assert.Empty(store.Incidents.ForFingerprint("fp-old"));
        Assert.Single(store.Incidents.ForFingerprint("fp-open"));
        Assert.Equal("s-now", Assert.Single(store.Silences.NotEndedAt(now - TimeSpan.FromDays(365))).Id);
    }
}
