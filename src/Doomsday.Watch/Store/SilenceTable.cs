namespace Doomsday.Watch.Store;

/// <summary>Silences and acknowledgements; ended ones are pruned with <see cref="RetentionSettings.Incidents"/>.</summary>
public sealed class SilenceTable
{
    private readonly DoomsdayStore _store;

    internal SilenceTable(DoomsdayStore store) => _store = store;

    /// <summary>Inserts or replaces (an edit, or expiring early by lowering <see cref="StoredSilence.EndsAt"/>).</summary>
    public void Put(StoredSilence s)
    {
        using var c = _store.Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            INSERT OR REPLACE INTO silences (id, kind, matchers, starts_at, ends_at, created_by, comment, created_at)
            VALUES ($id, $kind, $m, $starts, $ends, $by, $comment, $created)
            """;
        cmd.Parameters.AddWithValue("$id", s.Id);
        cmd.Parameters.AddWithValue("$kind", s.Kind);
        cmd.Parameters.AddWithValue("$m", s.MatchersJson);
        cmd.Parameters.AddWithValue("$starts", UnixMs.From(s.StartsAt));
        cmd.Parameters.AddWithValue("$ends", UnixMs.From(s.EndsAt));
        cmd.Parameters.AddWithValue("$by", s.CreatedBy);
        cmd.Parameters.AddWithValue("$comment", s.Comment);
        cmd.Parameters.AddWithValue("$created", UnixMs.From(s.CreatedAt));
        cmd.ExecuteNonQuery();
    }

    /// <summary>Silences and acks whose end is after <paramref name="at"/> (active or future), by start.</summary>
    public IReadOnlyList<StoredSilence> NotEndedAt(DateTimeOffset at)
    {
        using var c = _store.Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT id, kind, matchers, starts_at, ends_at, created_by, comment, created_at FROM silences WHERE ends_at > $at ORDER BY starts_at, id";
        cmd.Parameters.AddWithValue("$at", UnixMs.From(at));
        using var r = cmd.ExecuteReader();
        var list = new List<StoredSilence>();
        while (r.Read())
            list.Add(new StoredSilence(r.GetString(0), r.GetString(1), r.GetString(2), UnixMs.To(r.GetInt64(3)),
                UnixMs.To(r.GetInt64(4)), r.GetString(5), r.GetString(6), UnixMs.To(r.GetInt64(7))));
        return list;
    }

    public bool Delete(string id)
    {
        using var c = _store.Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "DELETE FROM silences WHERE id = $id";
        cmd.Parameters.AddWithValue("$id", id);
        return cmd.ExecuteNonQuery() > 0;
    }
}
