using System.Text.Json;
using Doomsday.Watch.Notifiers;
using Microsoft.Data.Sqlite;

namespace Doomsday.Watch.Store;

/// <summary>
/// The outbox rows. A row is claimed by pushing <c>lease_until</c> into the future (the attempt's
/// timeout plus a margin) and counting the attempt; the result then marks it sent, failed, or due again.
/// A row whose lease ran out (its process died mid-send) is due again: delivery is at-least-once.
/// </summary>
public sealed class OutboxTable
{
    private readonly DoomsdayStore _store;

    internal OutboxTable(DoomsdayStore store) => _store = store;

    /// <summary>
    /// Writes one pending row per (notifier, target), all or none: in <paramref name="tx"/> when given
    /// (committed with it), else in a transaction of its own; returns how many were new. Enqueuing the
    /// same notification id for the same notifier again is a no-op. A new row replaces the re-sends
    /// (<see cref="Notification.IsResend"/>) of the same alert still waiting in its lane and not in flight:
    /// they would only tell the receiver what the new row tells it, so one outage of a receiver leaves at
    /// most one waiting re-send per alert, not one per interval.
    /// </summary>
    public int Enqueue(Notification notification, IEnumerable<(string Notifier, int Target)> destinations, StoreTransaction? tx = null)
    {
        var json = JsonSerializer.Serialize(notification, StoreJson.Default.Notification);
        var now = _store.Now;
        return _store.Write(tx, t =>
        {
            var added = 0;
            foreach (var (notifier, target) in destinations)
            {
                using var cmd = t.CreateCommand();
                cmd.CommandText = """
                    INSERT OR IGNORE INTO outbox (notification_id, fingerprint, notifier, target, notification, state, attempts, next_attempt_at, created_at)
                    VALUES ($id, $fp, $notifier, $target, $json, 'pending', 0, $now, $now)
                    """;
                cmd.Parameters.AddWithValue("$id", notification.Id);
                cmd.Parameters.AddWithValue("$fp", notification.Fingerprint);
                cmd.Parameters.AddWithValue("$notifier", notifier);
                cmd.Parameters.AddWithValue("$target", target);
                cmd.Parameters.AddWithValue("$json", json);
                cmd.Parameters.AddWithValue("$now", now);
                if (cmd.ExecuteNonQuery() == 0) continue;
                added++;
                using var supersede = t.CreateCommand();
                supersede.CommandText = """
                    DELETE FROM outbox
                    WHERE state = 'pending' AND notifier = $notifier AND target = $target AND fingerprint = $fp
                      AND lease_until IS NULL AND id < last_insert_rowid()
                      AND json_extract(notification, '$.isResend') = 1
                    """;
                supersede.Parameters.AddWithValue("$notifier", notifier);
                supersede.Parameters.AddWithValue("$target", target);
                supersede.Parameters.AddWithValue("$fp", notification.Fingerprint);
                supersede.ExecuteNonQuery();
            }
            return added;
        });
    }

    /// <summary>
    /// Claims the next due row of one lane (notifier, target), oldest first, never overtaking an
    /// earlier pending row of the same alert (so a resolved message cannot arrive before its firing one).
    /// </summary>
    public OutboxRow? ClaimNext(string notifier, int target, TimeSpan lease)
    {
        var now = _store.Now;
        using var c = _store.Connect();
        using var tx = c.BeginTransaction(deferred: false);
        using var select = c.CreateCommand();
        select.Transaction = tx;
        select.CommandText = $"""
            SELECT {Columns} FROM outbox o
            WHERE o.state = 'pending' AND o.notifier = $n AND o.target = $t
              AND o.next_attempt_at <= $now AND (o.lease_until IS NULL OR o.lease_until <= $now)
              AND {NotBehindSameAlert}
            ORDER BY o.next_attempt_at, o.id LIMIT 1
            """;
        select.Parameters.AddWithValue("$n", notifier);
        select.Parameters.AddWithValue("$t", target);
        select.Parameters.AddWithValue("$now", now);
        OutboxRow? row;
        using (var r = select.ExecuteReader()) row = r.Read() ? Read(r) : null;
        if (row is null) return null;
        using var update = c.CreateCommand();
        update.Transaction = tx;
        update.CommandText = "UPDATE outbox SET attempts = attempts + 1, lease_until = $lease WHERE id = $id";
        update.Parameters.AddWithValue("$lease", now + (long)lease.TotalMilliseconds);
        update.Parameters.AddWithValue("$id", row.Id);
        update.ExecuteNonQuery();
        tx.Commit();
        return row with { Attempts = row.Attempts + 1 };
    }

    /// <summary>
    /// When the lane's next claimable row is due (null: nothing pending). Rows waiting behind an earlier
    /// row of the same alert do not count: they become claimable only when that one is done, and
    /// counting them would make an idle lane spin.
    /// </summary>
    public DateTimeOffset? NextDue(string notifier, int target)
    {
        using var c = _store.Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"""
            SELECT MIN(MAX(o.next_attempt_at, COALESCE(o.lease_until, 0))) FROM outbox o
            WHERE o.state = 'pending' AND o.notifier = $n AND o.target = $t AND {NotBehindSameAlert}
            """;
        cmd.Parameters.AddWithValue("$n", notifier);
        cmd.Parameters.AddWithValue("$t", target);
        return UnixMs.To(cmd.ExecuteScalar()!);
    }

    public void MarkSent(long id, string detail) =>
        Update(id, "UPDATE outbox SET state = 'sent', sent_at = $now, lease_until = NULL, last_detail = $detail WHERE id = $id AND state = 'pending'", detail);

    public void MarkFailed(long id, string detail) =>
        Update(id, "UPDATE outbox SET state = 'failed', lease_until = NULL, last_detail = $detail WHERE id = $id AND state = 'pending'", detail);

    public void MarkExpired(long id, string detail) =>
        Update(id, "UPDATE outbox SET state = 'expired', lease_until = NULL, last_detail = $detail WHERE id = $id AND state = 'pending'", detail);

    /// <summary>Hands an attempt's row back: pending, no lease, due now (the attempt still counts).</summary>
    public void Release(long id, string detail) =>
        Update(id, "UPDATE outbox SET lease_until = NULL, next_attempt_at = MIN(next_attempt_at, $now), last_detail = $detail WHERE id = $id AND state = 'pending'", detail);

    public void Reschedule(long id, DateTimeOffset next, string detail)
    {
        using var c = _store.Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "UPDATE outbox SET next_attempt_at = $next, lease_until = NULL, last_detail = $detail WHERE id = $id AND state = 'pending'";
        // rounded up: a retry is never attempted before the wait the receiver asked for
        cmd.Parameters.AddWithValue("$next", UnixMs.Ceiling(next));
        cmd.Parameters.AddWithValue("$detail", detail);
        cmd.Parameters.AddWithValue("$id", id);
        cmd.ExecuteNonQuery();
    }

    /// <summary>
    /// At start-up: rows left in flight by a previous process are due again now (the single owner of
    /// the store knows nothing of its is still sending). Returns how many.
    /// </summary>
    public int ReleaseLeases()
    {
        using var c = _store.Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "UPDATE outbox SET lease_until = NULL WHERE state = 'pending' AND lease_until IS NOT NULL";
        return cmd.ExecuteNonQuery();
    }

    /// <summary>Pending rows created before <paramref name="createdBefore"/> (for expiry), oldest first.</summary>
    public IReadOnlyList<OutboxRow> PendingCreatedBefore(DateTimeOffset createdBefore) =>
        Query($"SELECT {Columns} FROM outbox o WHERE o.state = 'pending' AND o.created_at < $at ORDER BY o.id",
            ("$at", UnixMs.From(createdBefore)));

    /// <summary>The distinct (notifier, target) lanes that still have pending rows.</summary>
    public IReadOnlyList<(string Notifier, int Target)> PendingLanes()
    {
        using var c = _store.Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT DISTINCT notifier, target FROM outbox WHERE state = 'pending'";
        using var r = cmd.ExecuteReader();
        var lanes = new List<(string, int)>();
        while (r.Read()) lanes.Add((r.GetString(0), r.GetInt32(1)));
        return lanes;
    }

    /// <summary>Rows not delivered yet (pending, in flight included).</summary>
    public long PendingCount()
    {
        using var c = _store.Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM outbox WHERE state = 'pending'";
        return (long)cmd.ExecuteScalar()!;
    }

    /// <summary>When the oldest notification still pending was queued; null when none is pending.</summary>
    public DateTimeOffset? OldestPendingCreatedAt()
    {
        using var c = _store.Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT MIN(created_at) FROM outbox WHERE state = 'pending'";
        return cmd.ExecuteScalar() is { } oldest ? UnixMs.To(oldest) : null;
    }

    public IReadOnlyList<OutboxRow> All() => Query($"SELECT {Columns} FROM outbox o ORDER BY o.id");

    public IReadOnlyList<OutboxRow> ForNotification(string notificationId) =>
        Query($"SELECT {Columns} FROM outbox o WHERE o.notification_id = $id ORDER BY o.id", ("$id", notificationId));

    /// <summary>No earlier pending row of the same alert in the same lane (per-alert order within a lane).</summary>
    private const string NotBehindSameAlert = """
        NOT EXISTS (SELECT 1 FROM outbox p WHERE p.state = 'pending' AND p.notifier = o.notifier
                    AND p.target = o.target AND p.fingerprint = o.fingerprint AND p.id < o.id)
        """;

    private const string Columns = "o.id, o.notifier, o.target, o.notification, o.state, o.attempts, o.next_attempt_at, o.last_detail, o.created_at, o.sent_at";

    private static OutboxRow Read(SqliteDataReader r) => new(
        r.GetInt64(0),
        r.GetString(1),
        r.GetInt32(2),
        JsonSerializer.Deserialize(r.GetString(3), StoreJson.Default.Notification)!,
        r.GetString(4),
        r.GetInt32(5),
        UnixMs.To(r.GetInt64(6)),
        r.GetString(7),
        UnixMs.To(r.GetInt64(8)),
        UnixMs.To(r.GetValue(9)));

    private List<OutboxRow> Query(string sql, params (string Name, object Value)[] parameters)
    {
        using var c = _store.Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        using var r = cmd.ExecuteReader();
        var rows = new List<OutboxRow>();
        while (r.Read()) rows.Add(Read(r));
        return rows;
    }

    private void Update(long id, string sql, string detail)
    {
        using var c = _store.Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Parameters.AddWithValue("$now", _store.Now);
        cmd.Parameters.AddWithValue("$detail", detail);
        cmd.Parameters.AddWithValue("$id", id);
        cmd.ExecuteNonQuery();
    }
}
