using System.Globalization;
using System.Text;
using Doomsday.Daemon.Web.Assets;
using Doomsday.Daemon.Web.Pages;
using Doomsday.Daemon.Web.Security;
using Doomsday.Watch.Incidents;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Doomsday.Daemon.Web;

/// <summary>
/// The pages (docs/web.md): <c>/</c>, <c>/certificates[/{sha256}]</c>, <c>/probes[/{name}]</c>,
/// <c>/alerts[/{fingerprint}]</c>, <c>/incidents[/{id}]</c>, <c>/incidents/{id}/postmortem.md</c>, the form
/// actions, <c>/signin</c> and <c>/signout</c>, and the assets. Handlers are plain request delegates
/// (no reflection-based binding); everything they write goes through <see cref="WebPage"/>.
/// </summary>
internal sealed class WebEndpoints
{
    private readonly WebPage _page;
    private readonly WebForms _forms;

    public WebEndpoints(WebSources sources)
    {
        _page = new WebPage(sources, new CsrfTokens());
        _forms = new WebForms(_page);
        Gate = new WebGate(_page);
    }

    /// <summary>For the host: what a page request without the bearer header gets (see <see cref="WebGate"/>).</summary>
    public WebGate Gate { get; }

    private WebSources S => _page.Sources;

    public void Map(IEndpointRouteBuilder app)
    {
        WebAssets.Map(app);
        app.MapGet("/", http => _page.WriteAsync(http, new PageFrame("Overview", Section.Overview), h => OverviewPage.Write(h, S)));
        app.MapGet("/certificates", http => _page.WriteAsync(http, new PageFrame("Certificates", Section.Certificates, 60),
            h => CertificatesPage.Write(h, S, CertificateQuery.Parse(http.Request.Query))));
        app.MapGet("/certificates/{sha256}", http =>
        {
            var body = CertificatePage.For(S, Route(http, "sha256"), out var title);
            return body is null
                ? _page.MessageAsync(http, StatusCodes.Status404NotFound, "No such certificate", "The last inventory has no certificate with that SHA-256 fingerprint.", "/certificates")
                : _page.WriteAsync(http, new PageFrame(title, Section.Certificates, 60), body);
        });
        app.MapGet("/probes", http => _page.WriteAsync(http, new PageFrame("Probes", Section.Probes, 15), h => ProbesPage.Write(h, S, Pager.PageOf(http.Request.Query["page"]))));
        app.MapGet("/probes/{name}", http =>
        {
            var name = Route(http, "name");
            var body = ProbePage.For(S, name);
            return body is null
                ? _page.MessageAsync(http, StatusCodes.Status404NotFound, "No such probe", $"No probe is named {name}.", "/probes")
                : _page.WriteAsync(http, new PageFrame(name, Section.Probes, 30), body);
        });
        app.MapGet("/alerts", http => _page.WriteAsync(http, new PageFrame("Alerts", Section.Alerts, 15),
            h => AlertsPage.Write(h, S, _page.Csrf.For(http), Done(http))));
        app.MapGet("/alerts/{fingerprint}", http =>
        {
            var fp = Route(http, "fingerprint");
            var who = http.Request.Cookies[WebForms.WhoCookie] ?? "";
            var body = AlertPage.For(S, fp, _page.Csrf.For(http), new AlertPage.FormState(By: who.Length <= WebForms.MaxName ? who : ""), Done(http), out var title);
            return body is null
                ? _page.MessageAsync(http, StatusCodes.Status404NotFound, "No such alert", $"The daemon tracks no alert {fp} (resolved alerts are forgotten after a while; see Incidents).", "/alerts")
                : _page.WriteAsync(http, new PageFrame(title, Section.Alerts, 0), body);
        });
        app.MapGet("/incidents", http =>
        {
            var days = int.TryParse(http.Request.Query["days"], NumberStyles.None, CultureInfo.InvariantCulture, out var d) && d is >= 1 and <= 3650 ? d : IncidentsPage.DefaultDays;
            return _page.WriteAsync(http, new PageFrame("Incidents", Section.Incidents), h => IncidentsPage.Write(h, S, days));
        });
        app.MapGet("/incidents/{id:long}", http =>
        {
            var id = long.Parse(Route(http, "id"), CultureInfo.InvariantCulture);
            var body = IncidentPage.For(S, id, out var title);
            return body is null
                ? _page.MessageAsync(http, StatusCodes.Status404NotFound, "No such incident", $"No incident {id} (never was, or pruned by retention).", "/incidents")
                : _page.WriteAsync(http, new PageFrame(title, Section.Incidents), body);
        });
        app.MapGet("/incidents/{id:long}/postmortem.md", async http =>
        {
            var id = long.Parse(Route(http, "id"), CultureInfo.InvariantCulture);
            if (Postmortem(S, id) is not { } markdown)
            {
                await _page.MessageAsync(http, StatusCodes.Status404NotFound, "No such incident", $"No incident {id}.", "/incidents");
                return;
            }
            SecurityHeaders.Apply(http.Response);
            http.Response.ContentType = "text/markdown; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"incident-{id}-postmortem.md\"";
            await http.Response.WriteAsync(markdown, Encoding.UTF8, http.RequestAborted);
        });
        app.MapGet(WebGate.SignInPath, http =>
        {
            var next = WebGate.LocalPath(http.Request.Query["next"]);
            if (string.IsNullOrEmpty(S.Token()))
            {
                WebPage.SeeOther(http, next);
                return Task.CompletedTask;
            }
            var csrf = _page.Csrf.For(http);
            return _page.WriteAsync(http, new PageFrame("Sign in", Section.None, 0), h => SignInPage.Write(h, csrf, next, null));
        });
        app.MapPost(WebGate.SignInPath, _forms.SignInAsync);
        app.MapPost("/signout", _forms.SignOutAsync);
        app.MapPost("/alerts/{fingerprint}/ack", _forms.AcknowledgeAsync);
        app.MapPost("/alerts/{fingerprint}/silence", _forms.SilenceAsync);
        app.MapPost("/silences/{id}/expire", _forms.ExpireAsync);
    }

    /// <summary>The post-mortem draft of incident <paramref name="id"/>, or null when there is none (also for <c>GET /api/v1/incidents/{id}/postmortem</c>).</summary>
    public static string? Postmortem(WebSources s, long id) =>
        s.Store.Incidents.ById(id) is { } incident
            ? PostmortemWriter.Write(incident, s.Engine.States.FirstOrDefault(a => a.Fingerprint == incident.Fingerprint), s.Time.GetUtcNow())
            : null;

    private static string Route(HttpContext http, string name) => (string)http.Request.RouteValues[name]!;

    /// <summary>The fixed message after an action (the query names it; no text of the query is shown).</summary>
    private static string? Done(HttpContext http) => http.Request.Query["done"].ToString() switch
    {
        "acknowledged" => "Acknowledged: repeats stop until it resolves, escalates or the acknowledgement ends.",
        "silenced" => "Silenced: see the silences on the Alerts page.",
        "expired" => "The silence has ended.",
        _ => null,
    };
}
