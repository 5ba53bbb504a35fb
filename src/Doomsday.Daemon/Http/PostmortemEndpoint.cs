using Doomsday.Daemon.Http.V1;
using Doomsday.Daemon.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Doomsday.Daemon.Http;

/// <summary><c>GET /api/v1/incidents/{id}/postmortem</c>: the incident's post-mortem draft as Markdown (what <c>doomsday postmortem ID</c> prints).</summary>
internal static class PostmortemEndpoint
{
    public static void Map(IEndpointRouteBuilder app, WebSources sources) =>
        app.MapGet("/api/v1/incidents/{id:long}/postmortem", (long id) =>
            WebEndpoints.Postmortem(sources, id) is { } markdown
                ? Results.Text(markdown, "text/markdown; charset=utf-8")
                : Results.Json(new V1Error($"no incident {id}"), V1Json.Default.V1Error, statusCode: StatusCodes.Status404NotFound));
}
