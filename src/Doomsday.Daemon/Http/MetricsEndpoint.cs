using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Doomsday.Daemon.Http;

/// <summary>
/// <c>/metrics</c>: the sections concatenated in order (certificates as <c>scan -o prometheus</c>,
/// probes, alerts, the daemon's own, the standard process metrics). Each section writes whole families; names never repeat across sections.
/// </summary>
internal static class MetricsEndpoint
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static void Map(IEndpointRouteBuilder app, Func<IReadOnlyList<Action<Stream>>> sections) =>
        app.MapGet("/metrics", async (HttpContext http) =>
        {
            using var buffer = new MemoryStream();
            foreach (var section in sections()) section(buffer);
            http.Response.ContentType = ContentType;
            buffer.Position = 0;
            await buffer.CopyToAsync(http.Response.Body, http.RequestAborted);
        });

    /// <summary>Adapts a StringBuilder writer into a section.</summary>
    public static Action<Stream> Text(Action<StringBuilder> write) => stream =>
    {
        var sb = new StringBuilder();
        write(sb);
        var bytes = new UTF8Encoding(false).GetBytes(sb.ToString());
        stream.Write(bytes);
    };
}
