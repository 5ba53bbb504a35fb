using System.Globalization;
using Doomsday.Daemon.Http.V1;
using Doomsday.Watch.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Doomsday.Daemon.Http;

/// <summary>
/// <c>GET /api/v1/incidents</c> (opened in the last <c>?days=</c>, default 7),
/// <c>GET /api/v1/incidents/{id}</c> (one incident) and
/// <c>GET /api/v1/incidents/{fingerprint}</c> (every incident of one alert, each with its timeline).
/// </summary>
internal static class IncidentEndpoints
{
    /// <summary>The longest look-back of <c>?days=</c>: a hundred years (more would reach before year 1 and throw).</summary>
    public const int MaxDays = 36_500;

    public static void Map(IEndpointRouteBuilder app, DoomsdayStore store, TimeProvider time)
    {
        // days is read as text and parsed here: the source-generated request delegate (this project is AOT-compatible)
        // answers a value that is not a number with a bare 400, without the exception ErrorBodies words.
        app.MapGet("/api/v1/incidents", (string? days) =>
        {
            var n = 7;
            if (days is not null && (!int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out n) || n < 1 || n > MaxDays))
                return Results.Json(new V1Error($"days must be a whole number of days, from 1 to {MaxDays}"), V1Json.Default.V1Error, statusCode: StatusCodes.Status400BadRequest);
            var since = time.GetUtcNow() - TimeSpan.FromDays(n);
            return Results.Json(store.Incidents.OpenedSince(since).Select(V1Mapper.Incident).ToList(), V1Json.Default.ListV1Incident);
        });
        // One incident by id. Ids are numbers of at most 15 digits, fingerprints exactly 16 hex digits, so the
        // length constraint keeps an all-digit fingerprint on the route below.
        app.MapGet("/api/v1/incidents/{id:long:maxlength(15)}", (long id) =>
            store.Incidents.ById(id) is { } incident
                ? Results.Json(V1Mapper.Incident(incident), V1Json.Default.V1Incident)
                : Results.Json(new V1Error($"no incident {id}"), V1Json.Default.V1Error, statusCode: StatusCodes.Status404NotFound));
        app.MapGet("/api/v1/incidents/{fingerprint}", (string fingerprint) =>
        {
            var incidents = store.Incidents.ForFingerprint(fingerprint);
            return incidents.Count == 0
                ? Results.Json(new V1Error($"no incident for alert {fingerprint}"), V1Json.Default.V1Error, statusCode: StatusCodes.Status404NotFound)
                : Results.Json(incidents.Select(V1Mapper.Incident).ToList(), V1Json.Default.ListV1Incident);
        });
    }
}
