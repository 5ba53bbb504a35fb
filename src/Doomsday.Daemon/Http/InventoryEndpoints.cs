using Doomsday.Daemon.Http.V1;
using Doomsday.Daemon.Workers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Doomsday.Daemon.Http;

/// <summary><c>/api/v1/inventory</c> and <c>/api/v1/findings</c>: the last completed scan.</summary>
internal static class InventoryEndpoints
{
    public static void Map(IEndpointRouteBuilder app, Func<InventorySnapshot?> latest)
    {
        app.MapGet("/api/v1/inventory", () => Results.Json(V1Mapper.Inventory(latest()), V1Json.Default.V1Inventory));
        app.MapGet("/api/v1/findings", () => Results.Json(V1Mapper.Findings(latest()), V1Json.Default.V1Findings));
    }
}
