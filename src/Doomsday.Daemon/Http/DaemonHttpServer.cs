using System.Security.Cryptography;
using System.Text;
using Doomsday.Daemon.Http.V1;
using Doomsday.Daemon.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Doomsday.Daemon.Http;

/// <summary>
/// Kestrel with minimal APIs on <c>server.listen</c>. The bearer token, when set, guards every
/// path but <c>/healthz</c> (a liveness probe must not need a secret). Endpoint groups are added by
/// <c>map</c> callbacks so each lives in its own file.
/// </summary>
internal sealed class DaemonHttpServer : IAsyncDisposable
{
    public const string HealthPath = "/healthz";

    private readonly WebApplication _app;

    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    private DaemonHttpServer(WebApplication app) => _app = app;

    public static DaemonHttpServer Create(ListenAddress listen, Func<string?> token, EventLog log, IEnumerable<Action<IEndpointRouteBuilder>> map)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(DaemonHttpServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new EventLogLoggerProvider(log));
        builder.WebHost.UseKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(listen.Address, listen.Port);
        });
        // Request bodies are read with these options: the generated V1 code first, no reflection.
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.WriteIndented = false;
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, V1Json.Default);
        });
        var app = builder.Build();
        app.Use(async (http, next) =>
        {
            var expected = token();
            if (!string.IsNullOrEmpty(expected) && http.Request.Path != HealthPath && !Authorized(http.Request, expected))
            {
                http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                http.Response.Headers.WWWAuthenticate = "Bearer";
                await http.Response.WriteAsJsonAsync(new V1Error("missing or wrong bearer token"), V1Json.Default.V1Error);
                return;
            }
            await next(http);
        });
        foreach (var m in map) m(app);
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
