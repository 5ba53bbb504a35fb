using Doomsday.Daemon.Http.V1;
using Doomsday.Watch.Probes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Doomsday.Daemon.Http;

/// <summary><c>GET /api/v1/probes</c>: every probe's state and last run, by name.</summary>
internal static class ProbeEndpoints
{
    public static void Map(IEndpointRouteBuilder app, Func<IReadOnlyList<ProbeStatus>> probes) =>
        app.MapGet("/api/v1/probes", () => Results.Json(probes().Select(V1Mapper.Probe).ToList(), V1Json.Default.ListV1Probe));
}
