namespace Doomsday.Watch.Store;

/// <summary>Inventory snapshots (the scan summary and certificates as JSON), bounded by <see cref="RetentionSettings.Snapshots"/>.</summary>
public sealed class SnapshotTable
{
    private readonly DoomsdayStore _store;

    internal SnapshotTable(DoomsdayStore store) => _store = store;

    public void Add(DateTimeOffset at, string json)
    {
        using var c = _store.Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "INSERT INTO inventory_snapshots (at, snapshot) VALUES ($at, $json)";
        cmd.Parameters.AddWithValue("$at", UnixMs.From(at));
        cmd.Parameters.AddWithValue("$json", json);
        cmd.ExecuteNonQuery();
    }

    /// <summary>The newest snapshot (time and JSON), or null.</summary>
    public (DateTimeOffset At, string Json)? Latest()
    {
        using var c = _store.Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT at, snapshot FROM inventory_snapshots ORDER BY at DESC, id DESC LIMIT 1";
        using var r = cmd.ExecuteReader();
        return r.Read() ? (UnixMs.To(r.GetInt64(0)), r.GetString(1)) : null;
    }

    public long Count()
    {
        using var c = _store.Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM inventory_snapshots";
        return (long)cmd.ExecuteScalar()!;
    }
}
