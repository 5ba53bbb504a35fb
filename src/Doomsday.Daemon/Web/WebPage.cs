using System.Diagnostics;
using System.Globalization;
using System.Text;
using Doomsday.Daemon.Web.Html;
using Doomsday.Daemon.Web.Pages;
using Doomsday.Daemon.Web.Security;
using Microsoft.AspNetCore.Http;

namespace Doomsday.Daemon.Web;

/// <summary>
/// Renders a page into one buffer and sends it with the security headers and a <c>Server-Timing</c> header
/// (<c>render;dur=MS</c>: reading the state and writing the HTML, as browsers' developer tools and the
/// <c>web</c> benchmark show it).
/// </summary>
internal sealed class WebPage(WebSources sources, CsrfTokens csrf)
{
    public WebSources Sources => sources;
    public CsrfTokens Csrf => csrf;

    public async Task WriteAsync(HttpContext http, PageFrame frame, Action<HtmlBuilder> body, int status = StatusCodes.Status200OK)
    {
        var started = Stopwatch.GetTimestamp();
        var h = new HtmlBuilder();
        var token = sources.Token();
        Layout.Open(h, frame, string.IsNullOrEmpty(token) ? null : csrf.For(http));
        body(h);
        Layout.Close(h, sources.Time.GetUtcNow(), frame.RefreshSeconds);
        var bytes = Encoding.UTF8.GetBytes(h.ToString());
        var elapsed = Stopwatch.GetElapsedTime(started);
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.ContentLength = bytes.Length;
        http.Response.Headers["Server-Timing"] = "render;dur=" + elapsed.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);
        SecurityHeaders.Apply(http.Response);
        if (HttpMethods.IsHead(http.Request.Method)) return;
        await http.Response.Body.WriteAsync(bytes, http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>A short page that says what went wrong (404, a refused form, ...).</summary>
    public Task MessageAsync(HttpContext http, int status, string title, string message, string? back = null) =>
        WriteAsync(http, new PageFrame(title, Section.None, 0), h =>
        {
            h.Add($"<h1>{title}</h1><p class=\"notice error\" role=\"alert\">{message}</p>");
            if (back is not null) h.Add($"<p><a href=\"{back}\">Back</a></p>");
        }, status);

    /// <summary>Post/Redirect/Get: after an action, the browser loads <paramref name="location"/> (a path on this daemon).</summary>
    public static void SeeOther(HttpContext http, string location)
    {
        http.Response.StatusCode = StatusCodes.Status303SeeOther;
        http.Response.Headers.Location = location;
        SecurityHeaders.Apply(http.Response);
    }
}
