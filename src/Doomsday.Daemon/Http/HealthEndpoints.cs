using Doomsday.Daemon.Workers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Doomsday.Daemon.Http;

/// <summary><c>/healthz</c>: 200 <c>ok</c> while every worker runs; 503 with one line per worker that does not.</summary>
internal static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder app, WorkerHealth health) =>
        app.MapGet(DaemonHttpServer.HealthPath, () =>
        {
            var problems = health.Problems();
            return problems.Count == 0
                ? Results.Text("ok\n", "text/plain")
                : Results.Text(string.Join('\n', problems) + "\n", "text/plain", statusCode: StatusCodes.Status503ServiceUnavailable);
        });
}
