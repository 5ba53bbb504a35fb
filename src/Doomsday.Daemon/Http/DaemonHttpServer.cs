using System.Security.Cryptography;
using System.Text;
using Doomsday.Daemon.Http.V1;
using Doomsday.Daemon.Logging;
using Doomsday.Daemon.Web;
using Doomsday.Daemon.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Doomsday.Daemon.Http;

/// <summary>
/// Kestrel with minimal APIs on <c>server.listen</c>, HTTP/1.1 only, within <see cref="HttpLimits"/>. In
/// order, every request passes: <see cref="ErrorBodies"/> (a JSON body on every error), <see cref="HostFilter"/>
/// (421 unless <c>Host</c> is this daemon's address: DNS rebinding), the bearer token when set (every path
/// but <c>/healthz</c>: a liveness probe must not need a secret). Endpoint groups are added by <c>map</c>
/// callbacks so each lives in its own file.
/// </summary>
internal sealed class DaemonHttpServer : IAsyncDisposable
{
    public const string HealthPath = "/healthz";

    private readonly WebApplication _app;

    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    private DaemonHttpServer(WebApplication app) => _app = app;

    /// <param name="pages">The web pages (docs/web.md), mapped after <paramref name="map"/>; a page request without the bearer header goes to their gate.</param>
    public static DaemonHttpServer Create(ListenAddress listen, ServerSettings server, Func<string?> token, EventLog log, IEnumerable<Action<IEndpointRouteBuilder>> map, WebEndpoints? pages = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(DaemonHttpServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new EventLogLoggerProvider(log));
        builder.WebHost.UseKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxConcurrentConnections = HttpLimits.MaxConnections;
            k.Limits.KeepAliveTimeout = HttpLimits.KeepAliveTimeout;
            k.Limits.RequestHeadersTimeout = HttpLimits.RequestHeadersTimeout;
            k.Limits.MaxRequestBodySize = HttpLimits.MaxBodyBytes;
            k.Limits.MaxRequestHeadersTotalSize = (int)HttpLimits.MaxHeaderBytes;
            k.Listen(listen.Address, listen.Port, o => o.Protocols = HttpProtocols.Http1);
        });
        // Request bodies are read with these options: the generated V1 code first, no reflection.
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.WriteIndented = false;
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, V1Json.Default);
        });
        // a body or query value the binder cannot read throws (with what was wrong) instead of an empty 400
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        var app = builder.Build();
        var hosts = new HostFilter(server.AllowedHosts);
        app.Use((http, next) => ErrorBodies.InvokeAsync(http, next, log));
        app.Use(async (http, next) =>
        {
            if (hosts.Refuse(http) is { } refused)
            {
                await ErrorBodies.WriteAsync(http, StatusCodes.Status421MisdirectedRequest, refused);
                return;
            }
            await next(http);
        });
        app.Use(async (http, next) =>
        {
            var expected = token();
            if (!string.IsNullOrEmpty(expected) && http.Request.Path != HealthPath && !Authorized(http.Request, expected))
            {
                if (pages is not null && WebGate.IsPage(http.Request.Path))
                {
                    await pages.Gate.GuardAsync(http, expected, next);
                    return;
                }
                http.Response.Headers.WWWAuthenticate = "Bearer";
                await ErrorBodies.WriteAsync(http, StatusCodes.Status401Unauthorized, "missing or wrong bearer token");
                return;
            }
            await next(http);
        });
        foreach (var m in map) m(app);
        pages?.Map(app);
        return new DaemonHttpServer(app);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var first = addresses?.FirstOrDefault();
        if (first is not null) BaseUrl = new Uri(first.Replace("[::]", "[::1]").Replace("0.0.0.0", "127.0.0.1"));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static bool Authorized(HttpRequest request, string expected)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return false;
        var given = Encoding.UTF8.GetBytes(header[scheme.Length..].Trim());
        return CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes(expected));
    }
}
