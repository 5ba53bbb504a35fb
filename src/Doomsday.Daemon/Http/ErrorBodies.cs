using System.Text.Json;
using Doomsday.Daemon.Http.V1;
using Doomsday.Daemon.Logging;
using Microsoft.AspNetCore.Http;

namespace Doomsday.Daemon.Http;

/// <summary>
/// Every error answer of the API has the body <c>{"error": "..."}</c> (<see cref="V1Error"/>), whoever produced
/// it: an endpoint (which writes its own), the router (404 for an unknown path, 405 for a method the path does
/// not take), the request binder (malformed JSON, a wrong content type, a query value of the wrong type: 400
/// or 415 with what was wrong), Kestrel (413 for a body over the limit), or an exception (500: the type only,
/// logged; never a stack trace). The outermost middleware.
/// </summary>
internal static class ErrorBodies
{
    public static async Task InvokeAsync(HttpContext http, RequestDelegate next, EventLog log)
    {
        try
        {
            await next(http).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (!http.Response.HasStarted)
        {
            await WriteAsync(http, e.StatusCode, BadRequest(e)).ConfigureAwait(false);
            return;
        }
        catch (Exception e) when (!http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
            log.Write(LogEvents.RequestFailed, "http", $"{http.Request.Method} {http.Request.Path}: {EventLog.Describe(e)}");
            await WriteAsync(http, StatusCodes.Status500InternalServerError, $"internal error ({e.GetType().Name}); the daemon's log has the details").ConfigureAwait(false);
            return;
        }
        if (http.Response.StatusCode >= 400 && !http.Response.HasStarted && http.Response.ContentLength is null && string.IsNullOrEmpty(http.Response.ContentType))
            await WriteAsync(http, http.Response.StatusCode, Default(http)).ConfigureAwait(false);
    }

    public static Task WriteAsync(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = status;
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return http.Response.WriteAsJsonAsync(new V1Error(message), V1Json.Default.V1Error, cancellationToken: http.RequestAborted);
    }

    private static string Default(HttpContext http) => http.Response.StatusCode switch
    {
        StatusCodes.Status404NotFound => $"no such path: {http.Request.Path} (see docs/http-api.md)",
        StatusCodes.Status405MethodNotAllowed => $"{http.Request.Method} is not allowed on {http.Request.Path} (allowed: {http.Response.Headers.Allow})",
        StatusCodes.Status413PayloadTooLarge => $"the request body is larger than {HttpLimits.MaxBodyBytes / 1024} KiB",
        StatusCodes.Status415UnsupportedMediaType => "the body must be JSON (Content-Type: application/json)",
        StatusCodes.Status400BadRequest => "bad request",
        _ => $"HTTP {http.Response.StatusCode}",
    };

    /// <summary>The binder's message plus what was wrong inside (the JSON error's position), in one line.</summary>
    private static string BadRequest(BadHttpRequestException e)
    {
        if (e.StatusCode == StatusCodes.Status413PayloadTooLarge) return $"the request body is larger than {HttpLimits.MaxBodyBytes / 1024} KiB";
        var message = e.Message;
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is JsonException json) message += " " + json.Message;
            else if (inner is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }) return $"the request body is larger than {HttpLimits.MaxBodyBytes / 1024} KiB";
        }
        return message.ReplaceLineEndings(" ");
    }
}
