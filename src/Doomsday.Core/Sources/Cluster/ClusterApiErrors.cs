using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.Json;
using Doomsday.Core.Inventory;
using k8s.Autorest;

namespace Doomsday.Core.Sources.Cluster;

/// <summary>
/// Turns a failed API call into a reason code and a one-line message (the API's own Status message
/// when it sent one). Never includes request headers, so no token can leak into a report.
/// </summary>
internal static class ClusterApiErrors
{
    /// <returns>null when the exception is not a failure of the call (a bug, or the caller cancelling).</returns>
    public static (string Reason, int? Status, string Message)? Classify(Exception e, CancellationToken callerToken)
    {
        switch (e)
        {
            case HttpOperationException http:
            {
                var status = (int)http.Response.StatusCode;
                var reason = status switch
                {
                    401 => ReasonCodes.ApiUnauthorized,
                    403 => ReasonCodes.ApiForbidden,
                    _ => ReasonCodes.ApiError,
                };
                return (reason, status, $"HTTP {status}: {StatusMessage(http.Response.Content) ?? http.Response.ReasonPhrase ?? "error"}");
            }
            case OperationCanceledException when !callerToken.IsCancellationRequested:
                return (ReasonCodes.Timeout, null, "the API server did not answer in time");
            case HttpRequestException req:
                return (ReasonCodes.ApiUnreachable, null, Describe(req));
            case SocketException socket:
                return (ReasonCodes.ApiUnreachable, null, socket.Message);
            case AuthenticationException auth:
                return (ReasonCodes.ApiUnreachable, null, "TLS: " + auth.Message);
            case JsonException json:
                return (ReasonCodes.ApiError, null, "the answer could not be decoded: " + FirstLine(json.Message));
            case IOException io:
                return (ReasonCodes.ApiUnreachable, null, FirstLine(io.Message));
            default:
                return null;
        }
    }

    private static string Describe(HttpRequestException e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException s) return s.SocketErrorCode == SocketError.ConnectionRefused ? "connection refused" : s.Message;
            if (inner is AuthenticationException a) return "TLS: " + FirstLine(a.Message);
        }
        return FirstLine(e.Message);
    }

    private static string? StatusMessage(string? content)
    {
        if (string.IsNullOrWhiteSpace(content)) return null;
        try
        {
            using var doc = JsonDocument.Parse(content);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String
                ? FirstLine(m.GetString()!)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string FirstLine(string s)
    {
        var i = s.IndexOf('\n');
        var line = i < 0 ? s : s[..i];
        return line.Length > 300 ? line[..300] + "…" : line;
    }
}
