using Doomsday.Daemon.Http.V1;
using Doomsday.Watch.Alerting;

namespace Doomsday.Daemon.Http;

/// <summary>
/// The API's limits, sized so the daemon outlives a flood of connections from anything that can reach it
/// (on loopback: any local user or a web page's fetches) and so that no single request can make it hold
/// much memory. Public contract: docs/http-api.md ("Limits").
/// </summary>
internal static class HttpLimits
{
    /// <summary>
    /// Open API connections at once; more are accepted and closed at once (no descriptor kept). The API's
    /// clients are a scraper, a liveness probe and an operator's CLI: a few. The probes' own sockets do not
    /// count here, so a flood of API connections cannot starve them.
    /// </summary>
    public const int MaxConnections = 128;

    /// <summary>A connection that sends no request is closed after this (Kestrel's default is 130 s).</summary>
    public static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The request line and headers must have arrived within this.</summary>
    public static readonly TimeSpan RequestHeadersTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Largest request body (a silence with every matcher and comment at their limits fits).</summary>
    public const long MaxBodyBytes = 128 * 1024;

    public const long MaxHeaderBytes = 16 * 1024;

    /// <summary>Null when the silence request is within the limits; otherwise the 400 message.</summary>
    public static string? Check(V1SilenceRequest request) =>
        SilenceLimits.Check(request.Matchers.Select(m => (m?.Name, m?.Value)).ToList(), request.Comment, request.CreatedBy);

    /// <summary>Null when the acknowledgement request is within the limits; otherwise the 400 message.</summary>
    public static string? Check(V1AckRequest request) =>
        SilenceLimits.Text("comment", request.Comment, SilenceLimits.MaxCommentLength) ?? SilenceLimits.Text("by", request.By, SilenceLimits.MaxAuthorLength);
}
