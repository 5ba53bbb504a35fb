using Microsoft.Data.Sqlite;

namespace Doomsday.Watch.Store;

/// <summary>
/// The incident timeline per alert fingerprint. <see cref="IncidentEventKinds.FirstFailure"/> and
/// <see cref="IncidentEventKinds.Firing"/> open an incident when none is open; other events go to the
/// open incident, or else to the latest one (a resolved notification delivered after the resolution
/// belongs to the incident it resolves); <see cref="IncidentEventKinds.Resolved"/> closes it. Renewal events
/// (<see cref="IncidentEventKinds.Posted"/>) keep a timeline per renewed node the same way.
/// </summary>
public sealed class IncidentLog
{
    private readonly DoomsdayStore _store;

    internal IncidentLog(DoomsdayStore store) => _store = store;

    /// <summary>
    /// Appends an event, at <see cref="IncidentEvent.At"/>; returns the incident id. In <paramref name="tx"/>
    /// when given (committed with it), else in a transaction of its own.
    /// </summary>
    public long Record(string fingerprint, string alertName, IncidentEvent e, StoreTransaction? tx = null) => _store.Write(tx, t =>
    {
        long? incident = Scalar(t, "SELECT id FROM incidents WHERE fingerprint = $fp AND resolved_at IS NULL ORDER BY id DESC LIMIT 1", fingerprint);
        if (incident is null && !IncidentEventKinds.Opens(e.Kind))
            incident = Scalar(t, "SELECT id FROM incidents WHERE fingerprint = $fp ORDER BY id DESC LIMIT 1", fingerprint);
        if (incident is null)
        {
            using var open = t.CreateCommand();
            open.CommandText = "INSERT INTO incidents (fingerprint, alert_name, opened_at) VALUES ($fp, $name, $at) RETURNING id";
            open.Parameters.AddWithValue("$fp", fingerprint);
            open.Parameters.AddWithValue("$name", alertName);
            open.Parameters.AddWithValue("$at", UnixMs.From(e.At));
            incident = (long)open.ExecuteScalar()!;
        }
        using (var add = t.CreateCommand())
        {
            add.CommandText = """
                INSERT INTO incident_events (incident_id, at, kind, notifier, notification_id, detail)
                VALUES ($incident, $at, $kind, $notifier, $nid, $detail)
                """;
            add.Parameters.AddWithValue("$incident", incident);
            add.Parameters.AddWithValue("$at", UnixMs.From(e.At));
            add.Parameters.AddWithValue("$kind", e.Kind);
            add.Parameters.AddWithValue("$notifier", (object?)e.Notifier ?? DBNull.Value);
            add.Parameters.AddWithValue("$nid", (object?)e.NotificationId ?? DBNull.Value);
            add.Parameters.AddWithValue("$detail", e.Detail);
            add.ExecuteNonQuery();
        }
        if (IncidentEventKinds.Closes(e.Kind))
        {
            using var close = t.CreateCommand();
            close.CommandText = "UPDATE incidents SET resolved_at = $at WHERE id = $id AND resolved_at IS NULL";
            close.Parameters.AddWithValue("$at", UnixMs.From(e.At));
            close.Parameters.AddWithValue("$id", incident);
            close.ExecuteNonQuery();
        }
        return incident.Value;
    });

    /// <summary>Incidents of one alert, oldest first, with their events in order.</summary>
    public IReadOnlyList<Incident> ForFingerprint(string fingerprint) => Load("WHERE fingerprint = $fp", ("$fp", fingerprint));

    /// <summary>One incident by its id, with its events in order; null when there is none (never was, or pruned).</summary>
    public Incident? ById(long id) => Load("WHERE id = $id", ("$id", id)).FirstOrDefault();

    /// <summary>Incidents not resolved yet, oldest first.</summary>
    public IReadOnlyList<Incident> Open() => Load("WHERE resolved_at IS NULL");

    /// <summary>Incidents opened at or after <paramref name="since"/>, oldest first.</summary>
    public IReadOnlyList<Incident> OpenedSince(DateTimeOffset since) => Load("WHERE opened_at >= $since", ("$since", UnixMs.From(since)));

    /// <summary>
    /// The incidents <paramref name="where"/> selects and all their events in two queries (not one per
    /// incident: a page of 500 incidents stays one round trip), inside one read transaction so both see the
    /// same snapshot of the WAL.
    /// </summary>
    private List<Incident> Load(string where, params (string Name, object Value)[] parameters)
    {
        using var c = _store.Connect();
        using var tx = c.BeginTransaction(deferred: true);
        var heads = new List<(long Id, string Fp, string Name, long Opened, object Resolved)>();
        using (var cmd = c.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = $"SELECT id, fingerprint, alert_name, opened_at, resolved_at FROM incidents {where} ORDER BY id";
            foreach (var p in parameters) cmd.Parameters.AddWithValue(p.Name, p.Value);
            using var r = cmd.ExecuteReader();
            while (r.Read()) heads.Add((r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetValue(4)));
        }
        if (heads.Count == 0) return [];
        var events = heads.ToDictionary(h => h.Id, _ => new List<IncidentEvent>());
        using (var cmd = c.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = $"SELECT incident_id, at, kind, detail, notifier, notification_id FROM incident_events WHERE incident_id IN (SELECT id FROM incidents {where}) ORDER BY incident_id, id";
            foreach (var p in parameters) cmd.Parameters.AddWithValue(p.Name, p.Value);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                if (!events.TryGetValue(r.GetInt64(0), out var list)) continue;
                list.Add(new IncidentEvent(UnixMs.To(r.GetInt64(1)), r.GetString(2), r.GetString(3),
                    r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5)));
            }
        }
        return heads.Select(h => new Incident(h.Id, h.Fp, h.Name, UnixMs.To(h.Opened), UnixMs.To(h.Resolved), events[h.Id])).ToList();
    }

    private static long? Scalar(StoreTransaction t, string sql, string fingerprint)
    {
        using var cmd = t.CreateCommand();
        cmd.CommandText = sql;
        cmd.Parameters.AddWithValue("$fp", fingerprint);
        return cmd.ExecuteScalar() is long id ? id : null;
    }
}
