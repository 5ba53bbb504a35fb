namespace Doomsday.Watch.Store;

/// <summary>Probe history, bounded by <see cref="RetentionSettings.ProbeResults"/>. Write in batches: one transaction per call.</summary>
public sealed class ProbeResultTable
{
    private readonly DoomsdayStore _store;

    internal ProbeResultTable(DoomsdayStore store) => _store = store;

    public void Add(IEnumerable<StoredProbeResult> results)
    {
        using var c = _store.Connect();
        using var tx = c.BeginTransaction(deferred: false);
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "INSERT INTO probe_results (probe, at, success, duration_ms, reason, detail) VALUES ($p, $at, $ok, $ms, $reason, $detail)";
        var p = cmd.Parameters.Add("$p", Microsoft.Data.Sqlite.SqliteType.Text);
        var at = cmd.Parameters.Add("$at", Microsoft.Data.Sqlite.SqliteType.Integer);
        var ok = cmd.Parameters.Add("$ok", Microsoft.Data.Sqlite.SqliteType.Integer);
        var ms = cmd.Parameters.Add("$ms", Microsoft.Data.Sqlite.SqliteType.Real);
        var reason = cmd.Parameters.Add("$reason", Microsoft.Data.Sqlite.SqliteType.Text);
        var detail = cmd.Parameters.Add("$detail", Microsoft.Data.Sqlite.SqliteType.Text);
        foreach (var r in results)
        {
            p.Value = r.Probe;
            at.Value = UnixMs.From(r.At);
            ok.Value = r.Success ? 1 : 0;
            ms.Value = r.Duration.TotalMilliseconds;
            reason.Value = (object?)r.Reason ?? DBNull.Value;
            detail.Value = r.Detail;
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
    }

    /// <summary>One probe's results at or after <paramref name="since"/>, oldest first.</summary>
    public IReadOnlyList<StoredProbeResult> For(string probe, DateTimeOffset since)
    {
        using var c = _store.Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT probe, at, success, duration_ms, reason, detail FROM probe_results WHERE probe = $p AND at >= $since ORDER BY at, id";
        cmd.Parameters.AddWithValue("$p", probe);
        cmd.Parameters.AddWithValue("$since", UnixMs.From(since));
        using var r = cmd.ExecuteReader();
        var list = new List<StoredProbeResult>();
        while (r.Read())
            list.Add(new StoredProbeResult(r.GetString(0), UnixMs.To(r.GetInt64(1)), r.GetInt64(2) != 0,
                TimeSpan.FromMilliseconds(r.GetDouble(3)), r.IsDBNull(4) ? null : r.GetString(4), r.GetString(5)));
        return list;
    }

    /// <summary>
    /// One probe's results since <paramref name="since"/> summed per <paramref name="width"/> (oldest first;
    /// buckets without results are absent), computed by SQLite over the (probe, at) index: a day of results
    /// is a few hundred rows to the caller however short the interval.
    /// </summary>
    public IReadOnlyList<ProbeResultBucket> Buckets(string probe, DateTimeOffset since, TimeSpan width)
    {
        using var c = _store.Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            SELECT (at - $since) / $width AS b, COUNT(*), SUM(CASE WHEN success = 0 THEN 1 ELSE 0 END), AVG(duration_ms), MAX(duration_ms)
            FROM probe_results WHERE probe = $p AND at >= $since GROUP BY b ORDER BY b
            """;
        var from = UnixMs.From(since);
        var ms = Math.Max(1L, (long)width.TotalMilliseconds);
        cmd.Parameters.AddWithValue("$p", probe);
        cmd.Parameters.AddWithValue("$since", from);
        cmd.Parameters.AddWithValue("$width", ms);
        using var r = cmd.ExecuteReader();
        var list = new List<ProbeResultBucket>();
        while (r.Read())
            list.Add(new ProbeResultBucket(UnixMs.To(from + r.GetInt64(0) * ms), r.GetInt32(1), r.GetInt32(2),
                TimeSpan.FromMilliseconds(r.GetDouble(3)), TimeSpan.FromMilliseconds(r.GetDouble(4))));
        return list;
    }

    public long Count()
    {
        using var c = _store.Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM probe_results";
        return (long)cmd.ExecuteScalar()!;
    }
}
