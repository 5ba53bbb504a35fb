using Microsoft.Data.Sqlite;

namespace Doomsday.Core.Store;

/// <summary>
/// The daemon's SQLite database: WAL journal (readers never wait for the writer), a busy timeout so
/// concurrent writers queue instead of failing, and schema migrations run at open. Each operation
/// opens a pooled connection, so the store is safe to use from many tasks at once. One daemon owns a
/// store file at a time (the outbox's in-flight recovery assumes it). Time comes from the injected
/// <see cref="TimeProvider"/> only.
/// </summary>
public sealed class DoomsdayStore : IDisposable
{
    private const int BusyTimeoutMs = 5000;
    private readonly string _connectionString;

    public string Path { get; }
    public TimeProvider Time { get; }
    public OutboxTable Outbox { get; }
    public AlertStateTable AlertStates { get; }
    public IncidentLog Incidents { get; }
    public ProbeResultTable ProbeResults { get; }
    public SnapshotTable Snapshots { get; }
    public SilenceTable Silences { get; }

    private DoomsdayStore(string path, TimeProvider time)
    {
        Path = path;
        Time = time;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            ForeignKeys = true,
        }.ToString();
        Outbox = new OutboxTable(this);
        AlertStates = new AlertStateTable(this);
        Incidents = new IncidentLog(this);
        ProbeResults = new ProbeResultTable(this);
        Snapshots = new SnapshotTable(this);
        Silences = new SilenceTable(this);
    }

    /// <summary>Opens (creating when missing) and migrates the store at <paramref name="path"/>.</summary>
    public static DoomsdayStore Open(string path, TimeProvider time) => Open(path, time, StoreMigrations.Latest);

    internal static DoomsdayStore Open(string path, TimeProvider time, int migrateUpTo)
    {
        var store = new DoomsdayStore(path, time);
        try
        {
            using var c = store.Connect();
            using (var wal = c.CreateCommand())
            {
                wal.CommandText = "PRAGMA journal_mode=WAL";
                var mode = wal.ExecuteScalar() as string;
                if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                    throw new StoreException($"the store {path} cannot use a WAL journal (got {mode})");
            }
            StoreMigrations.Migrate(c, migrateUpTo);
        }
        catch (SqliteException e)
        {
            SqliteConnection.ClearAllPools();
            throw new StoreException($"cannot open the store {path}: {e.Message}", e);
        }
        return store;
    }

    /// <summary>The schema version the file is at.</summary>
    public int SchemaVersion
    {
        get
        {
            using var c = Connect();
            return StoreMigrations.CurrentVersion(c);
        }
    }

    internal SqliteConnection Connect()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        using var cmd = c.CreateCommand();
        // per connection: pooled connections keep it, new ones need it; NORMAL is durable against a
        // killed process in WAL mode (only a power cut can lose the last commits)
        cmd.CommandText = $"PRAGMA busy_timeout={BusyTimeoutMs}; PRAGMA synchronous=NORMAL;";
        cmd.ExecuteNonQuery();
        return c;
    }

    internal long Now => UnixMs.From(Time.GetUtcNow());

    /// <summary>Begins a write transaction for several tables at once (all or nothing); see <see cref="StoreTransaction"/>.</summary>
    public StoreTransaction BeginTransaction() => new(Connect());

    /// <summary>Runs <paramref name="write"/> in <paramref name="tx"/> when given, else in a transaction of its own that it commits.</summary>
    internal T Write<T>(StoreTransaction? tx, Func<StoreTransaction, T> write)
    {
        if (tx is not null) return write(tx);
        using var own = BeginTransaction();
        var result = write(own);
        own.Commit();
        return result;
    }

    /// <summary>Deletes history older than the retention periods, counted back from now.</summary>
    public PruneResult Prune(RetentionOptions retention)
    {
        var now = Time.GetUtcNow();
        using var c = Connect();
        using var tx = c.BeginTransaction(deferred: false);
        int Delete(string sql, TimeSpan age)
        {
            using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = sql;
            cmd.Parameters.AddWithValue("$before", UnixMs.From(now - age));
            return cmd.ExecuteNonQuery();
        }
        var probes = Delete("DELETE FROM probe_results WHERE at < $before", retention.ProbeResults);
        var incidents = Delete("DELETE FROM incidents WHERE resolved_at IS NOT NULL AND resolved_at < $before", retention.Incidents);
        var snapshots = Delete("DELETE FROM inventory_snapshots WHERE at < $before", retention.Snapshots);
        var outbox = Delete("DELETE FROM outbox WHERE state <> 'pending' AND created_at < $before", retention.Outbox);
        var silences = Delete("DELETE FROM silences WHERE ends_at < $before", retention.Incidents);
        tx.Commit();
        return new PruneResult(probes, incidents, snapshots, outbox, silences);
    }

    /// <summary>Pooled connections hold the file open; clearing them lets another process (or test) reopen it cleanly.</summary>
    public void Dispose()
    {
        using var c = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(c);
    }
}
