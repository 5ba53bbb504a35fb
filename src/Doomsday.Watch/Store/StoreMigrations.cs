using Microsoft.Data.Sqlite;

namespace Doomsday.Watch.Store;

/// <summary>
/// The schema as an ordered list of scripts. A database records the scripts it has run in
/// <c>schema_version</c>; opening it runs the missing ones, in order, in one transaction. Scripts are
/// append-only: never edit a released one, add the next.
/// </summary>
internal static class StoreMigrations
{
    public static IReadOnlyList<string> Scripts { get; } =
    [
        // 1: delivery and alert state
        """
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            notification_id TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            notifier TEXT NOT NULL,
            target INTEGER NOT NULL DEFAULT 0,
            notification TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('pending','sent','expired','failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL,
            lease_until INTEGER NULL,
            last_detail TEXT NOT NULL DEFAULT '',
            created_at INTEGER NOT NULL,
            sent_at INTEGER NULL,
            UNIQUE (notification_id, notifier, target));
        CREATE INDEX outbox_due ON outbox (state, notifier, target, next_attempt_at);
        CREATE INDEX outbox_pending_alert ON outbox (notifier, target, fingerprint, id) WHERE state = 'pending';
        CREATE TABLE alert_states (
            fingerprint TEXT PRIMARY KEY,
            state TEXT NOT NULL,
            updated_at INTEGER NOT NULL);
        CREATE TABLE incidents (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            fingerprint TEXT NOT NULL,
            alert_name TEXT NOT NULL,
            opened_at INTEGER NOT NULL,
            resolved_at INTEGER NULL);
        CREATE INDEX incidents_fingerprint ON incidents (fingerprint, id);
        CREATE TABLE incident_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
            at INTEGER NOT NULL,
            kind TEXT NOT NULL,
            notifier TEXT NULL,
            notification_id TEXT NULL,
            detail TEXT NOT NULL DEFAULT '');
        CREATE INDEX incident_events_incident ON incident_events (incident_id, id);
        """,
        // 2: observations and operator input
        """
        CREATE TABLE probe_results (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            probe TEXT NOT NULL,
            at INTEGER NOT NULL,
            success INTEGER NOT NULL,
            duration_ms REAL NOT NULL,
            reason TEXT NULL,
            detail TEXT NOT NULL DEFAULT '');
        CREATE INDEX probe_results_probe_at ON probe_results (probe, at);
        CREATE INDEX probe_results_at ON probe_results (at);
        CREATE TABLE inventory_snapshots (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at INTEGER NOT NULL,
            snapshot TEXT NOT NULL);
        CREATE INDEX inventory_snapshots_at ON inventory_snapshots (at);
        CREATE TABLE silences (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('silence','ack')),
            matchers TEXT NOT NULL,
            starts_at INTEGER NOT NULL,
            ends_at INTEGER NOT NULL,
            created_by TEXT NOT NULL,
            comment TEXT NOT NULL DEFAULT '',
            created_at INTEGER NOT NULL);
        CREATE INDEX silences_ends_at ON silences (ends_at);
        """,
    ];

    public static int Latest => Scripts.Count;

    /// <summary>Runs the scripts after the database's version up to <paramref name="upTo"/>; returns the version reached.</summary>
    public static int Migrate(SqliteConnection connection, int upTo)
    {
        using var tx = connection.BeginTransaction(deferred: false);
        Execute(connection, tx, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
        var current = CurrentVersion(connection, tx);
        if (current > Latest)
            throw new StoreException($"the store was written by a newer doomsday (schema version {current}; this one knows up to {Latest})");
        for (var v = current + 1; v <= upTo; v++)
        {
            Execute(connection, tx, Scripts[v - 1]);
            using var insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = "INSERT INTO schema_version (version, applied_at) VALUES ($v, $at)";
            insert.Parameters.AddWithValue("$v", v);
            insert.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            insert.ExecuteNonQuery();
        }
        tx.Commit();
        return Math.Max(current, upTo);
    }

    public static int CurrentVersion(SqliteConnection connection, SqliteTransaction? tx = null)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        return Convert.ToInt32(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction tx, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
