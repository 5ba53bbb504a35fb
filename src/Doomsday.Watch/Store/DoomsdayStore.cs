using Microsoft.Data.Sqlite;

namespace Doomsday.Watch.Store;

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
    private readonly Lock _rebuildLock = new();
    private volatile bool _rebuilding;

    // One connection held open for the store's lifetime, outside the pool: if the file is deleted or replaced
    // under the daemon, it still reads the database the daemon was using (the inode stays alive while open),
    // which is what Rebuild copies back into place.
    private SqliteConnection? _keeper;

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
            store._keeper = store.OpenKeeper();
        }
        catch (SqliteException e)
        {
            SqliteConnection.ClearAllPools();
            throw new StoreException($"cannot open the store {path}: {e.Message}", e);
        }
        return store;
    }

    private SqliteConnection OpenKeeper()
    {
        var keeper = new SqliteConnection(new SqliteConnectionStringBuilder(_connectionString) { Pooling = false, Mode = SqliteOpenMode.ReadWrite }.ToString());
        keeper.Open();
        // SQLite opens the -wal and -shm files at the first read and keeps them open: read once now, so that the
        // keeper holds all three (in WAL mode the latest commits live in the -wal until a checkpoint).
        using var read = keeper.CreateCommand();
        read.CommandText = "SELECT COUNT(*) FROM sqlite_master";
        read.ExecuteScalar();
        return keeper;
    }

    /// <summary>
    /// Puts the database the daemon was using back at <see cref="Path"/> after the file there was deleted or
    /// replaced (docs/store.md, "The file deleted or replaced"). While it runs every other operation fails with a
    /// <see cref="StoreException"/> (their callers retry), so nothing is written to the lost file meanwhile. The
    /// still-open copy is backed up into a new file; whatever is at the path (a foreign file, a stray -wal or
    /// -shm) is moved aside to <c>PATH.lost-TIME</c>, never deleted; the copy is renamed into place. Returns the
    /// files moved aside.
    /// </summary>
    public IReadOnlyList<string> Rebuild()
    {
        lock (_rebuildLock)
        {
            _rebuilding = true;
            try
            {
                SqliteConnection.ClearAllPools();
                var temp = Path + ".rebuild";
                foreach (var f in Sidecars(temp)) File.Delete(f);
                using (var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = temp, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString()))
                {
                    copy.Open();
                    (_keeper ?? throw new StoreException("the store is closed")).BackupDatabase(copy);
                }
                var stamp = Time.GetUtcNow().UtcDateTime.ToString("yyyyMMddTHHmmssZ", System.Globalization.CultureInfo.InvariantCulture);
                var aside = new List<string>();
                foreach (var (from, suffix) in new[] { (Path, ""), (Path + "-wal", "-wal"), (Path + "-shm", "-shm") })
                {
                    if (!File.Exists(from)) continue;
                    var to = $"{Path}.lost-{stamp}{suffix}";
                    File.Move(from, to, overwrite: false);
                    aside.Add(to);
                }
                // closed after the move: closing may checkpoint and unlink PATH-wal by name, which must not be the new one
                _keeper?.Dispose();
                _keeper = null;
                File.Move(temp, Path);
                _keeper = OpenKeeper();
                return aside;
            }
            catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
            {
                throw new StoreException($"cannot rebuild the store {Path}: {e.Message}", e);
            }
            finally
            {
                _rebuilding = false;
            }
        }
    }

    private static IEnumerable<string> Sidecars(string path) => [path, path + "-wal", path + "-shm", path + "-journal"];

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
        // while the file is being put back, nothing may open (and so create) a new, empty file at the path
        if (_rebuilding) throw new StoreException($"the store {Path} is being rebuilt; try again");
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
    public PruneResult Prune(RetentionSettings retention)
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
        _keeper?.Dispose();
        _keeper = null;
        using var c = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(c);
    }
}
