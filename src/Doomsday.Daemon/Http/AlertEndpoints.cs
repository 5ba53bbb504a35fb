using Doomsday.Core.Certificates;
using Doomsday.Daemon.AlertRounds;
using Doomsday.Daemon.Http.V1;
using Doomsday.Watch.Alerting;
using Doomsday.Watch.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Doomsday.Daemon.Http;

/// <summary>
/// <c>/api/v1/alerts</c>, <c>GET /api/v1/alerts/{fingerprint}</c>, <c>POST /api/v1/alerts/{fingerprint}/ack</c>,
/// <c>POST /api/v1/alerts/ack</c> (by matchers) and <c>/api/v1/silences</c>
/// (GET, POST, <c>DELETE /{id}</c> = expire now). Silences are written to the store before the engine
/// sees them, so a restart keeps them.
/// </summary>
internal static class AlertEndpoints
{
    public static void Map(IEndpointRouteBuilder app, AlertEngine engine, DecisionWriter writer, DoomsdayStore store, TimeProvider time)
    {
        app.MapGet("/api/v1/alerts", (string? status) =>
            Results.Json(engine.States
                .Where(s => status is null || string.Equals(s.Status.ToString(), status, StringComparison.OrdinalIgnoreCase))
                .OrderBy(s => s.Status).ThenBy(s => s.FirstSeenAt).Select(V1Mapper.Alert).ToList(), V1Json.Default.ListV1Alert));

        // The target of notifications' generatorURL ({server.externalUrl}/api/v1/alerts/{fingerprint}).
        app.MapGet("/api/v1/alerts/{fingerprint}", (string fingerprint) =>
            engine.States.FirstOrDefault(s => s.Fingerprint == fingerprint) is { } state
                ? Results.Json(V1Mapper.Alert(state), V1Json.Default.V1Alert)
                : Error(StatusCodes.Status404NotFound, $"no alert {fingerprint}"));

        app.MapPost("/api/v1/alerts/{fingerprint}/ack", (string fingerprint, V1AckRequest request) =>
        {
            if (BadAckRequest(request) is { } bad) return bad;
            if (Acknowledge(engine, writer, [fingerprint], request, time) is { } refused) return refused;
            var state = engine.States.FirstOrDefault(s => s.Fingerprint == fingerprint);
            return state is null || state.Status == AlertStatus.Resolved
                ? Error(StatusCodes.Status404NotFound, $"no pending or firing alert {fingerprint}")
                : Results.Json(V1Mapper.Alert(state), V1Json.Default.V1Alert);
        });

        // Every pending or firing alert the matchers (amtool's syntax, as for silences) match, in one write.
        app.MapPost("/api/v1/alerts/ack", (V1AckRequest request) =>
        {
            if (Incomplete(request.Matchers) is { } incomplete) return incomplete;
            if (MatcherParser.ParseForSilence(request.Filter, Structured(request.Matchers), out var matchers) is { } problem) return Error(StatusCodes.Status400BadRequest, problem);
            if (BadAckRequest(request) is { } bad) return bad;
            var fingerprints = engine.Matching(matchers).Select(s => s.Fingerprint).ToList();
            if (fingerprints.Count == 0) return Error(StatusCodes.Status404NotFound, "no pending or firing alert matches " + string.Join(",", matchers));
            return Acknowledge(engine, writer, fingerprints, request, time) is { } refused
                ? refused
                : Results.Json(engine.States.Where(s => fingerprints.Contains(s.Fingerprint)).Select(V1Mapper.Alert).ToList(), V1Json.Default.ListV1Alert);
        });

        app.MapGet("/api/v1/silences", () =>
        {
            var now = time.GetUtcNow();
            return Results.Json(engine.Silences.Where(s => s.EndsAt > now).OrderBy(s => s.StartsAt).Select(s => V1Mapper.Silence(s, now)).ToList(), V1Json.Default.ListV1Silence);
        });

        app.MapPost("/api/v1/silences", (V1SilenceRequest request) =>
        {
            var now = time.GetUtcNow();
            // The one matcher syntax (amtool's) for the text form, and Alertmanager's rules for the whole set.
            if (HttpLimits.Check(request) is { } tooLarge) return Error(StatusCodes.Status400BadRequest, tooLarge);
            if (Incomplete(request.Matchers) is { } incomplete) return incomplete;
            if (MatcherParser.ParseForSilence(request.Filter, Structured(request.Matchers), out var matchers) is { } problem) return Error(StatusCodes.Status400BadRequest, problem);
            if (matchers.Count > SilenceLimits.MaxMatchers) return Error(StatusCodes.Status400BadRequest, $"a silence takes at most {SilenceLimits.MaxMatchers} matchers ({matchers.Count} given)");
            var starts = request.StartsAt ?? now;
            DateTimeOffset ends;
            if (request.EndsAt is { } e) ends = e;
            else if (request.Duration is { } d && Durations.TryParse(d, out var span) && span > TimeSpan.Zero) ends = starts + span;
            else return Error(StatusCodes.Status400BadRequest, "give endsAt, or a positive duration such as 2h");
            if (ends <= starts) return Error(StatusCodes.Status400BadRequest, "a silence must end after it starts");
            var silence = new Silence
            {
                Id = AlertActions.NewSilenceId(),
                Matchers = matchers,
                StartsAt = starts,
                EndsAt = ends,
                CreatedBy = string.IsNullOrWhiteSpace(request.CreatedBy) ? "api" : request.CreatedBy,
                Comment = request.Comment,
            };
            // Stored before the engine sees it: a refused write leaves no silence anywhere, and the answer says so.
            if (AlertActions.PutSilence(engine, store, silence, now, "the silence was not created") is { } refused) return Error(StatusCodes.Status503ServiceUnavailable, refused);
            return Results.Json(V1Mapper.Silence(silence, now), V1Json.Default.V1Silence, statusCode: StatusCodes.Status201Created);
        });

        app.MapDelete("/api/v1/silences/{id}", (string id) =>
        {
            var now = time.GetUtcNow();
            var silence = engine.Silences.FirstOrDefault(s => s.Id == id);
            if (silence is null) return Error(StatusCodes.Status404NotFound, $"no silence {id}");
            var expired = AlertActions.Expired(silence, now);
            if (AlertActions.PutSilence(engine, store, expired, now, "the silence was not expired") is { } refused) return Error(StatusCodes.Status503ServiceUnavailable, refused);
            return Results.Json(V1Mapper.Silence(expired, now), V1Json.Default.V1Silence);
        });
    }

    /// <summary>A 400 when a structured matcher is null or lacks its name or value (JSON may say so); null when fine.</summary>
    private static IResult? Incomplete(IReadOnlyList<V1Matcher?> matchers) =>
        matchers.Any(m => m is null || string.IsNullOrWhiteSpace(m.Name) || m.Value is null)
            ? Error(StatusCodes.Status400BadRequest, "a matcher needs a label name and a value")
            : null;

    private static IEnumerable<SilenceMatcher> Structured(IEnumerable<V1Matcher> matchers) =>
        matchers.Select(m => new SilenceMatcher(m.Name, m.Value, m.IsRegex, m.IsEqual));

    /// <summary>A 400 for a request without <c>by</c> or with a bad <c>duration</c>; null when fine.</summary>
    private static IResult? BadAckRequest(V1AckRequest request) =>
        string.IsNullOrWhiteSpace(request.By) ? Error(StatusCodes.Status400BadRequest, "'by' is required: who owns the alert")
        : HttpLimits.Check(request) is { } tooLarge ? Error(StatusCodes.Status400BadRequest, tooLarge)
        : request.Duration is { } d && (!Durations.TryParse(d, out var span) || span <= TimeSpan.Zero) ? Error(StatusCodes.Status400BadRequest, $"'{d}' is not a positive duration")
        : null;

    /// <summary>Acknowledges through <see cref="AlertActions"/>; the 503 when the store refuses, null when done.</summary>
    private static IResult? Acknowledge(AlertEngine engine, DecisionWriter writer, IReadOnlyList<string> fingerprints, V1AckRequest request, TimeProvider time)
    {
        DateTimeOffset? expires = request.Duration is { } d && Durations.TryParse(d, out var span) ? time.GetUtcNow() + span : null;
        return AlertActions.Acknowledge(engine, writer, fingerprints, request.By, request.Comment, expires) is { } refused
            ? Error(StatusCodes.Status503ServiceUnavailable, refused)
            : null;
    }

    /// <summary>Silences the store kept across a restart, for the engine.</summary>
    public static IEnumerable<Silence> Load(DoomsdayStore store, DateTimeOffset now) =>
        store.Silences.NotEndedAt(now).Where(s => s.Kind == AlertActions.SilenceKind).Select(s => new Silence
        {
            Id = s.Id,
            Matchers = AlertStateJson.DeserializeMatchers(s.MatchersJson),
            StartsAt = s.StartsAt,
            EndsAt = s.EndsAt,
            CreatedBy = s.CreatedBy,
            Comment = s.Comment,
        });

    private static IResult Error(int status, string message) => Results.Json(new V1Error(message), V1Json.Default.V1Error, statusCode: status);
}
