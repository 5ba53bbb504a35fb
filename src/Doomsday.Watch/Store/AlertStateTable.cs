namespace Doomsday.Watch.Store;

/// <summary>The alerting engine's state per alert fingerprint, as an opaque JSON document it owns.</summary>
public sealed class AlertStateTable
{
    private readonly DoomsdayStore _store;

    internal AlertStateTable(DoomsdayStore store) => _store = store;

    /// <summary>Upserts; in <paramref name="tx"/> when given (committed with it), else on its own.</summary>
    public void Put(string fingerprint, string json, StoreTransaction? tx = null) => _store.Write(tx, t =>
    {
        using var cmd = t.CreateCommand();
        cmd.CommandText = """
            INSERT INTO alert_states (fingerprint, state, updated_at) VALUES ($fp, $json, $now)
            ON CONFLICT (fingerprint) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at
            """;
        cmd.Parameters.AddWithValue("$fp", fingerprint);
        cmd.Parameters.AddWithValue("$json", json);
        cmd.Parameters.AddWithValue("$now", _store.Now);
        return cmd.ExecuteNonQuery();
    });

    public string? Get(string fingerprint)
    {
        using var c = _store.Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT state FROM alert_states WHERE fingerprint = $fp";
        cmd.Parameters.AddWithValue("$fp", fingerprint);
        return cmd.ExecuteScalar() as string;
    }

    /// <summary>Every stored state (fingerprint → JSON), for the engine to reload at start-up.</summary>
    public IReadOnlyDictionary<string, string> All()
    {
        using var c = _store.Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT fingerprint, state FROM alert_states";
        using var r = cmd.ExecuteReader();
        var all = new Dictionary<string, string>(StringComparer.Ordinal);
        while (r.Read()) all[r.GetString(0)] = r.GetString(1);
        return all;
    }

    /// <summary>Deletes; in <paramref name="tx"/> when given (committed with it), else on its own.</summary>
    public bool Delete(string fingerprint, StoreTransaction? tx = null) => _store.Write(tx, t =>
    {
        using var cmd = t.CreateCommand();
        cmd.CommandText = "DELETE FROM alert_states WHERE fingerprint = $fp";
        cmd.Parameters.AddWithValue("$fp", fingerprint);
        return cmd.ExecuteNonQuery() > 0;
    });
}
