using System.Security.Cryptography;
using Doomsday.Daemon.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Doomsday.Daemon.Web.Assets;

/// <summary>
/// The stylesheet and the one small script, embedded in the binary and served under a name that carries a
/// hash of their content (<c>/assets/site.3f1c0d5e.css</c>): cached for a year, and a new build can never be
/// served a stale copy. The script only refreshes pages in place; every page works without it.
/// </summary>
internal static class WebAssets
{
    private static readonly Asset Css = Load("site.css", "text/css; charset=utf-8");
    private static readonly Asset Js = Load("refresh.js", "text/javascript; charset=utf-8");

    public static string CssPath => Css.Path;
    public static string JsPath => Js.Path;

    public static void Map(IEndpointRouteBuilder app)
    {
        foreach (var asset in new[] { Css, Js })
            app.MapGet(asset.Path, (HttpContext http) =>
            {
                SecurityHeaders.Apply(http.Response, cacheable: true);
                return Results.Bytes(asset.Bytes, asset.ContentType);
            });
    }

    private static Asset Load(string name, string contentType)
    {
        using var stream = typeof(WebAssets).Assembly.GetManifestResourceStream("Doomsday.Web." + name)
            ?? throw new InvalidOperationException($"asset {name} is not embedded");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        var bytes = memory.ToArray();
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..10];
        var dot = name.LastIndexOf('.');
        return new Asset($"/assets/{name[..dot]}.{hash}{name[dot..]}", bytes, contentType);
    }

    private sealed record Asset(string Path, byte[] Bytes, string ContentType);
}
