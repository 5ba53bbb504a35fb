using System.Text.Json;
using Doomsday.Daemon.AlertRounds;
using Doomsday.Daemon.Http.V1;
using Doomsday.Watch.Alerting;
using Doomsday.Watch.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;

namespace Doomsday.Daemon.Http;

/// <summary>
/// <c>POST /api/v1/incidents/events</c>: another program (<c>doomsday renew</c>) writes an event into the incident
/// log, behind the same bearer token as every other path. Each subject has a timeline of its own, an incident
/// named <see cref="IncidentName"/> whose fingerprint is an alert fingerprint over that name and the label
/// <c>subject</c> (docs/alerting.md's algorithm), so the incident pages, <c>GET /api/v1/incidents</c> and the
/// post-mortem read it as any other. The body is read and written with source-generated JSON only.
/// </summary>
internal static class IncidentEventEndpoint
{
    public const string Path = "/api/v1/incidents/events";

    /// <summary>The alert name of posted incidents: not an alert the engine raises, the name their timeline goes by.</summary>
    public const string IncidentName = "CertificateRenewal";

    /// <summary>How far in the future <c>at</c> may be (a client's clock a little ahead of the daemon's).</summary>
    public static readonly TimeSpan MaxClockAhead = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How far in the past <c>at</c> may be: events are posted as they happen. An older one would close an
    /// incident before it opened, or open one that the incident list's look-back and retention never show.
    /// </summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(24);

    public static void Map(IEndpointRouteBuilder app, DoomsdayStore store, TimeProvider time) =>
        app.MapPost(Path, async (HttpRequest request) =>
        {
            if (!request.HasJsonContentType()) return Error(StatusCodes.Status415UnsupportedMediaType, "the body must be JSON (Content-Type: application/json)");
            V1IncidentEventRequest? body;
            try
            {
                body = await JsonSerializer.DeserializeAsync(request.Body, V1Json.Default.V1IncidentEventRequest, request.HttpContext.RequestAborted);
            }
            catch (JsonException bad)
            {
                // The parser's message names the field ($.at) and the position.
                return Error(StatusCodes.Status400BadRequest, $"the body is not a V1IncidentEventRequest: {bad.Message.ReplaceLineEndings(" ")}");
            }
            var now = time.GetUtcNow();
            if (Invalid(body, now) is { } problem) return Error(StatusCodes.Status400BadRequest, problem);
            var subject = body!.Subject!.Trim();
            var fingerprint = Fingerprint(subject);
            var posted = new IncidentEvent(body.At ?? now, body.Kind!, body.Detail!.Trim(), string.IsNullOrWhiteSpace(body.By) ? "api" : body.By.Trim());
            long id;
            try
            {
                id = store.Incidents.Record(fingerprint, IncidentName, posted);
            }
            catch (SqliteException refused)
            {
                return Error(StatusCodes.Status503ServiceUnavailable, $"the store refused the write ({AlertActions.StoreError(refused)}); the event was not recorded, try again");
            }
            catch (StoreException)
            {
                return Error(StatusCodes.Status503ServiceUnavailable, "the store is being rebuilt; the event was not recorded, try again");
            }
            return Results.Json(V1Mapper.Incident(store.Incidents.ById(id)!), V1Json.Default.V1Incident, statusCode: StatusCodes.Status201Created);
        });

    /// <summary>The fingerprint of a subject's incidents (16 hex digits, as an alert's).</summary>
    public static string Fingerprint(string subject) =>
        AlertFingerprint.Compute(IncidentName, new Dictionary<string, string>(StringComparer.Ordinal) { ["subject"] = subject });

    /// <summary>Null when the request can be recorded; otherwise the 400 message, naming the field.</summary>
    internal static string? Invalid(V1IncidentEventRequest? body, DateTimeOffset now)
    {
        if (body is null) return "the body must be a JSON object (V1IncidentEventRequest), not null";
        if (string.IsNullOrWhiteSpace(body.Kind)) return $"'kind' is required: one of {string.Join(", ", IncidentEventKinds.Posted)}";
        if (!IncidentEventKinds.Posted.Contains(body.Kind, StringComparer.Ordinal))
            return $"'kind': '{Shorten(body.Kind)}' is not one of {string.Join(", ", IncidentEventKinds.Posted)} (the other kinds are the daemon's own)";
        if (string.IsNullOrWhiteSpace(body.Subject)) return "'subject' is required: what the event is about (the renewed node)";
        if (string.IsNullOrWhiteSpace(body.Detail)) return "'detail' is required: what happened, in one or a few lines";
        return SilenceLimits.Text("subject", body.Subject, V1IncidentEventRequest.MaxSubjectLength)
               ?? SilenceLimits.Text("detail", body.Detail, V1IncidentEventRequest.MaxDetailLength)
               ?? SilenceLimits.Text("by", body.By, SilenceLimits.MaxAuthorLength)
               ?? (body.At is { } at && at > now + MaxClockAhead
                   ? $"'at' ({at:O}) is more than {MaxClockAhead.TotalMinutes:0} minutes after the daemon's clock ({now:O})"
                   : null)
               ?? (body.At is { } old && old < now - MaxAge
                   ? $"'at' ({old:O}) is more than {MaxAge.TotalHours:0} hours before the daemon's clock ({now:O}): post events as they happen"
                   : null);
    }

    private static string Shorten(string s) => s.Length <= 64 ? s : s[..64] + "…";

    private static IResult Error(int status, string message) => Results.Json(new V1Error(message), V1Json.Default.V1Error, statusCode: status);
}
