namespace Doomsday.Watch.Notifiers;

/// <summary>
/// Shared services a notifier is built with: the clock, one pooled <see cref="HttpClient"/> for every
/// HTTP notifier (per-attempt timeouts are applied by the caller's token, so the client has none),
/// and the daemon's external URL for links in payloads (empty: none).
/// </summary>
public sealed record NotifierContext(TimeProvider Time)
{
    private static readonly Lazy<HttpClient> SharedHttp = new(() => new HttpClient(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(10),
    })
    { Timeout = System.Threading.Timeout.InfiniteTimeSpan });

    public HttpClient Http { get; init; } = SharedHttp.Value;

    public string ExternalUrl { get; init; } = "";
}
