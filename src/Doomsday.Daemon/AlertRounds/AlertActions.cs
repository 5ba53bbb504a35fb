using Doomsday.Watch.Alerting;
using Doomsday.Watch.Store;
using Microsoft.Data.Sqlite;

namespace Doomsday.Daemon.AlertRounds;

/// <summary>
/// What an operator does to alerts — acknowledge, silence, expire a silence — for the JSON API and the web
/// pages alike, so both write the same way: to the store first, then the engine, and nothing anywhere when
/// the store refuses. Each returns null when done, else why not (for a 503 and its message).
/// </summary>
internal static class AlertActions
{
    public const string SilenceKind = "silence";

    /// <summary>
    /// Acknowledges the alerts and writes every decision in one transaction; when the store refuses it the
    /// engine forgets the acks too (the answer is the truth).
    /// </summary>
    public static string? Acknowledge(AlertEngine engine, DecisionWriter writer, IReadOnlyList<string> fingerprints, string by, string comment, DateTimeOffset? expires)
    {
        var before = engine.States.Where(s => fingerprints.Contains(s.Fingerprint)).ToDictionary(s => s.Fingerprint, s => s.Ack, StringComparer.Ordinal);
        var all = fingerprints.Select(fp => engine.Acknowledge(fp, by, comment, expires)).ToList();
        var decisions = new AlertDecisions([], all.SelectMany(d => d.Events).ToList(), all.SelectMany(d => d.ChangedStates).ToList(), []);
        try
        {
            writer.Write(decisions);
            return null;
        }
        catch (SqliteException e)
        {
            // nothing was written (one transaction); the engine forgets the acks too, so the answer is the truth
            foreach (var acked in decisions.ChangedStates) engine.RevertAcknowledge(acked, before.GetValueOrDefault(acked.Fingerprint));
            var what = fingerprints.Count == 1 ? "the acknowledgement was" : "the acknowledgements were";
            return $"the store refused the write ({StoreError(e)}); {what} not recorded, try again";
        }
    }

    /// <summary>Stores the silence, then hands it to the engine; a refused write leaves no silence anywhere.</summary>
    public static string? PutSilence(AlertEngine engine, DoomsdayStore store, Silence s, DateTimeOffset now, string failed)
    {
        try
        {
            store.Silences.Put(new StoredSilence(s.Id, SilenceKind, AlertStateJson.SerializeMatchers(s.Matchers),
                s.StartsAt, s.EndsAt, s.CreatedBy, s.Comment, now));
        }
        catch (SqliteException e)
        {
            return $"the store refused the write ({StoreError(e)}); {failed}, try again";
        }
        engine.AddSilence(s);
        return null;
    }

    /// <summary>A new silence id: 16 random hex digits.</summary>
    public static string NewSilenceId() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));

    /// <summary>The silence ended now (kept as it was when it already ended).</summary>
    public static Silence Expired(Silence silence, DateTimeOffset now) =>
        silence with { EndsAt = silence.EndsAt < now ? silence.EndsAt : now, StartsAt = silence.StartsAt < now ? silence.StartsAt : now };

    /// <summary>SQLite's code and text (e.g. "SQLite error 5: database is locked"): no path, no stack trace.</summary>
    internal static string StoreError(SqliteException e) =>
        $"SQLite error {e.SqliteErrorCode}: {e.Message.Replace($"SQLite Error {e.SqliteErrorCode}: ", "", StringComparison.Ordinal).Trim('\'', '.', ' ')}";
}
