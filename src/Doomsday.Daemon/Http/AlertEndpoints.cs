using System.Security.Cryptography;
using Doomsday.Core.Alerting;
using Doomsday.Core.Certificates;
using Doomsday.Core.Store;
using Doomsday.Daemon.Alerts;
using Doomsday.Daemon.Http.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;

namespace Doomsday.Daemon.Http;

/// <summary>
/// <c>/api/v1/alerts</c>, <c>POST /api/v1/alerts/{fingerprint}/ack</c> and <c>/api/v1/silences</c>
/// (GET, POST, <c>DELETE /{id}</c> = expire now). Silences are written to the store before the engine
/// sees them, so a restart keeps them.
/// </summary>
internal static class AlertEndpoints
{
    private const string SilenceKind = "silence";

    public static void Map(IEndpointRouteBuilder app, AlertEngine engine, DecisionWriter writer, DoomsdayStore store, TimeProvider time)
    {
        app.MapGet("/api/v1/alerts", (string? status) =>
            Results.Json(engine.States
                .Where(s => status is null || string.Equals(s.Status.ToString(), status, StringComparison.OrdinalIgnoreCase))
                .OrderBy(s => s.Status).ThenBy(s => s.FirstSeenAt).Select(V1Mapper.Alert).ToList(), V1Json.Default.ListV1Alert));

        app.MapPost("/api/v1/alerts/{fingerprint}/ack", (string fingerprint, V1AckRequest request) =>
        {
            if (string.IsNullOrWhiteSpace(request.By)) return Error(StatusCodes.Status400BadRequest, "'by' is required: who owns the alert");
            DateTimeOffset? expires = null;
            if (request.Duration is { } d)
            {
                if (!Durations.TryParse(d, out var span) || span <= TimeSpan.Zero) return Error(StatusCodes.Status400BadRequest, $"'{d}' is not a positive duration");
                expires = time.GetUtcNow() + span;
            }
            var before = engine.States.FirstOrDefault(s => s.Fingerprint == fingerprint);
            var decisions = engine.Acknowledge(fingerprint, request.By, request.Comment, expires);
            var state = engine.States.FirstOrDefault(s => s.Fingerprint == fingerprint);
            if (state is null || state.Status == AlertStatus.Resolved) return Error(StatusCodes.Status404NotFound, $"no pending or firing alert {fingerprint}");
            try
            {
                writer.Write(decisions);
            }
            catch (SqliteException e)
            {
                // nothing was written (one transaction); the engine forgets the ack too, so the answer is the truth
                foreach (var acked in decisions.ChangedStates) engine.RevertAcknowledge(acked, before?.Ack);
                return Error(StatusCodes.Status503ServiceUnavailable,
                    $"the store refused the write ({StoreError(e)}); the acknowledgement was not recorded, try again");
            }
            return Results.Json(V1Mapper.Alert(state), V1Json.Default.V1Alert);
        });

        app.MapGet("/api/v1/silences", () =>
        {
            var now = time.GetUtcNow();
            return Results.Json(engine.Silences.Where(s => s.EndsAt > now).OrderBy(s => s.StartsAt).Select(s => V1Mapper.Silence(s, now)).ToList(), V1Json.Default.ListV1Silence);
        });

        app.MapPost("/api/v1/silences", (V1SilenceRequest request) =>
        {
            var now = time.GetUtcNow();
            if (request.Matchers.Count == 0) return Error(StatusCodes.Status400BadRequest, "a silence needs at least one matcher");
            foreach (var m in request.Matchers)
            {
                if (string.IsNullOrWhiteSpace(m.Name)) return Error(StatusCodes.Status400BadRequest, "a matcher needs a label name");
                if (m.IsRegex && LabelPattern.Validate("~" + m.Value) is not null) return Error(StatusCodes.Status400BadRequest, $"'{m.Value}' is not a valid regular expression");
            }
            var starts = request.StartsAt ?? now;
            DateTimeOffset ends;
            if (request.EndsAt is { } e) ends = e;
            else if (request.Duration is { } d && Durations.TryParse(d, out var span) && span > TimeSpan.Zero) ends = starts + span;
            else return Error(StatusCodes.Status400BadRequest, "give endsAt, or a positive duration such as 2h");
            if (ends <= starts) return Error(StatusCodes.Status400BadRequest, "a silence must end after it starts");
            var silence = new Silence
            {
                Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
                Matchers = request.Matchers.Select(m => new SilenceMatcher(m.Name, m.Value, m.IsRegex)).ToList(),
                StartsAt = starts,
                EndsAt = ends,
                CreatedBy = string.IsNullOrWhiteSpace(request.CreatedBy) ? "api" : request.CreatedBy,
                Comment = request.Comment,
            };
            // Stored before the engine sees it: a refused write leaves no silence anywhere, and the answer says so.
            if (TrySave(store, silence, now) is { } refused) return Error(StatusCodes.Status503ServiceUnavailable, $"{refused}; the silence was not created, try again");
            engine.AddSilence(silence);
            return Results.Json(V1Mapper.Silence(silence, now), V1Json.Default.V1Silence, statusCode: StatusCodes.Status201Created);
        });

        app.MapDelete("/api/v1/silences/{id}", (string id) =>
        {
            var now = time.GetUtcNow();
            var silence = engine.Silences.FirstOrDefault(s => s.Id == id);
            if (silence is null) return Error(StatusCodes.Status404NotFound, $"no silence {id}");
            var expired = silence with { EndsAt = silence.EndsAt < now ? silence.EndsAt : now, StartsAt = silence.StartsAt < now ? silence.StartsAt : now };
            if (TrySave(store, expired, now) is { } refused) return Error(StatusCodes.Status503ServiceUnavailable, $"{refused}; the silence was not expired, try again");
            engine.AddSilence(expired);
            return Results.Json(V1Mapper.Silence(expired, now), V1Json.Default.V1Silence);
        });
    }

    /// <summary>Silences the store kept across a restart, for the engine.</summary>
    public static IEnumerable<Silence> Load(DoomsdayStore store, DateTimeOffset now) =>
        store.Silences.NotEndedAt(now).Where(s => s.Kind == SilenceKind).Select(s => new Silence
        {
            Id = s.Id,
            Matchers = AlertStateJson.DeserializeMatchers(s.MatchersJson),
            StartsAt = s.StartsAt,
            EndsAt = s.EndsAt,
            CreatedBy = s.CreatedBy,
            Comment = s.Comment,
        });

    /// <summary>Writes the silence; null when stored, else why the store refused (for a 503).</summary>
    private static string? TrySave(DoomsdayStore store, Silence s, DateTimeOffset now)
    {
        try
        {
            store.Silences.Put(new StoredSilence(s.Id, SilenceKind, AlertStateJson.SerializeMatchers(s.Matchers),
                s.StartsAt, s.EndsAt, s.CreatedBy, s.Comment, now));
            return null;
        }
        catch (SqliteException e)
        {
            return $"the store refused the write ({StoreError(e)})";
        }
    }

    /// <summary>SQLite's code and text (e.g. "SQLite error 5: database is locked"): no path, no stack trace.</summary>
    private static string StoreError(SqliteException e) =>
        $"SQLite error {e.SqliteErrorCode}: {e.Message.Replace($"SQLite Error {e.SqliteErrorCode}: ", "", StringComparison.Ordinal).Trim('\'', '.', ' ')}";

    private static IResult Error(int status, string message) => Results.Json(new V1Error(message), V1Json.Default.V1Error, statusCode: status);
}
