using System.Net;
using System.Net.Http.Json;
using Deque.AxeCore.Playwright;
using Doomsday.Daemon.Http.V1;
using Doomsday.Daemon.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Doomsday.Daemon.Tests.Web;

/// <summary>
/// The pages in a real browser (Debian's Chromium through Playwright) against a real daemon on loopback
/// without a token, on a seeded store (<see cref="WebDaemon"/>). One daemon and one browser for the class.
/// </summary>
public sealed class WebPagesBrowserTests(WebDaemon daemon) : IClassFixture<WebDaemon>
{

    private IReadOnlyList<(string Name, string Path)> Pages() =>
    [
        ("overview", "/"),
        ("certificates", "/certificates"),
        ("certificate", "/certificates/" + daemon.SoonSha256),
        ("probes", "/probes"),
        ("probe", "/probes/api"),
        ("alerts", "/alerts"),
        ("alert", "/alerts/" + daemon.ProbeDownFingerprint),
        ("incidents", "/incidents"),
        ("incident", $"/incidents/{daemon.SeededIncident}"),
    ];

    private async Task<IPage> OpenAsync(string path, int width = 1280, int height = 800)
    {
        var page = await daemon.Browser.Context.NewPageAsync();
        await page.SetViewportSizeAsync(width, height);
        var response = await page.GotoAsync(new Uri(daemon.BaseUrl, path).ToString());
        Assert.Equal(200, response!.Status);
        return page;
    }

    [Fact]
    public async Task Overview_SeededStore_ListsTheCertificateExpiringIn3DaysAboveTheOneIn200AndDrawsTheCalendar()
    {
        var page = await OpenAsync("/");

        var names = (await page.Locator("#certs-soonest tbody tr td:nth-child(2) a").AllInnerTextsAsync()).ToList();
        Assert.True(names.IndexOf("apiserver") >= 0 && names.IndexOf("apiserver") < names.IndexOf("ingress-shop"), string.Join(", ", names));
        Assert.Contains("in 2 days", await page.Locator("#certs-soonest tbody tr").First.InnerTextAsync()); // 3 days minus the seconds since it was made
        var bars = page.Locator("figure svg.chart a rect.bar");
        Assert.True(await bars.CountAsync() >= 3, "a bar per week with an expiry, and one for the CA");
        var labels = await page.Locator("figure svg.chart a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('aria-label'))");
        Assert.Contains(labels, l => l.StartsWith("1 certificate expire from", StringComparison.Ordinal));
        var box = await page.Locator("figure svg.chart").First.BoundingBoxAsync();
        Assert.True(box is { Width: > 300, Height: > 60 }, $"calendar rendered at {box?.Width}x{box?.Height}");
    }

    /// <summary>Every page at a laptop's and a phone's size: a screenshot, no horizontal scroll; axe-core at the laptop size.</summary>
    [Fact]
    public async Task EveryPage_AtLaptopAndPhoneSizes_FitsTheWidthAndAxeFindsNoSeriousOrCriticalViolation()
    {
        var problems = new List<string>();
        foreach (var (name, path) in Pages())
        foreach (var (width, height) in Browser.Sizes)
        {
            var page = await OpenAsync(path, width, height);
            var file = Browser.ArtifactPath($"{name}-{width}x{height}.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
            Assert.True(new FileInfo(file).Length > 1000, file);
            if (!await page.EvaluateAsync<bool>("() => document.scrollingElement.scrollWidth <= window.innerWidth"))
                problems.Add($"{path} scrolls horizontally at {width}x{height} (see {file})");
            if (width == Browser.Sizes[0].Width)
            {
                var result = await page.RunAxe();
                problems.AddRange(result.Violations.Where(v => v.Impact is "serious" or "critical")
                    .Select(v => $"{path}: axe {v.Id} ({v.Impact}): {v.Help} — {string.Join("; ", v.Nodes.Take(3).Select(n => n.Html))}"));
            }
            await page.CloseAsync();
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task AlertPage_AcknowledgeForm_ChangesTheAlertInTheApi()
    {
        var page = await OpenAsync("/alerts/" + daemon.ProbeDownFingerprint);
        var form = page.Locator("form[action$='/ack']");
        await form.GetByLabel("Your name").FillAsync("Ada Lovelace");
        await form.GetByLabel("Comment").FillAsync("restarting the gateway");
        await form.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).ClickAsync();
        // Commit: the redirect's answer has arrived; the page's own resources need not have loaded too (on a machine
        // the whole suite keeps busy, waiting for the load event as well timed out once everything else had happened).
        await page.WaitForURLAsync(url => url.EndsWith("?done=acknowledged", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });

        using var api = daemon.Api();
        var alert = await api.GetFromJsonAsync<V1Alert>("/api/v1/alerts/" + daemon.ProbeDownFingerprint);
        Assert.Equal("Ada Lovelace", alert!.Acknowledgement?.By);
        Assert.Equal("restarting the gateway", alert.Acknowledgement?.Comment);
        Assert.Contains("acknowledged by Ada Lovelace", await page.Locator("main").InnerTextAsync());
    }

    [Fact]
    public async Task SilenceAction_FormPostedFromAnotherOriginOnLoopback_IsRefusedAndCreatesNothing()
    {
        // the operator has used the pages (the browser holds the anti-forgery cookie), then opens another page
        await (await OpenAsync("/alerts/" + daemon.ProbeDownFingerprint)).CloseAsync();
        await using var other = await OtherOrigin.StartAsync($"""
            <!DOCTYPE html><html><body>
            <form id="f" method="post" action="{new Uri(daemon.BaseUrl, $"/alerts/{daemon.ProbeDownFingerprint}/silence")}">
            <input name="matchers" value="alertname=ProbeDown"><input name="by" value="mallory"><input name="comment" value="shh"><input name="duration" value="8h">
            <input name="csrf" value="guessed"></form>
            <script>document.getElementById('f').submit();</script></body></html>
            """);
        Assert.NotEqual(daemon.BaseUrl.Port, other.Url.Port);
        var page = await daemon.Browser.Context.NewPageAsync();
        var answer = page.WaitForResponseAsync(r => r.Url.EndsWith("/silence", StringComparison.Ordinal));
        await page.GotoAsync(other.Url.ToString());

        var response = await answer;
        Assert.Equal(403, response.Status);
        Assert.Contains("another", await response.TextAsync());
        using var api = daemon.Api();
        var silences = await api.GetFromJsonAsync<List<V1Silence>>("/api/v1/silences");
        Assert.DoesNotContain(silences!, s => s.CreatedBy == "mallory");
    }

    [Fact]
    public async Task SilenceAction_WithoutTheFormsToken_IsRefused()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = daemon.BaseUrl };
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["matchers"] = "alertname=ProbeDown", ["by"] = "curl", ["comment"] = "x", ["duration"] = "1h" });

        var response = await http.PostAsync($"/alerts/{daemon.ProbeDownFingerprint}/silence", form);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("anti-forgery", await response.Content.ReadAsStringAsync());
        using var api = daemon.Api();
        Assert.DoesNotContain((await api.GetFromJsonAsync<List<V1Silence>>("/api/v1/silences"))!, s => s.CreatedBy == "curl");
    }

    [Fact]
    public async Task Pages_Answers_CarryAStrictContentSecurityPolicyAndNoCors()
    {
        using var http = new HttpClient { BaseAddress = daemon.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/alerts");
        request.Headers.Add("Origin", "http://evil.example");

        var response = await http.SendAsync(request);

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Matches(@"^render;dur=\d+(\.\d)?$", response.Headers.GetValues("Server-Timing").Single());
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain(" style=", html);
    }

    [Fact]
    public async Task IncidentPage_PostmortemDownload_IsTheDraftOfThatIncident()
    {
        using var http = daemon.Api();

        var response = await http.GetAsync($"/incidents/{daemon.SeededIncident}/postmortem.md");

        Assert.Equal("text/markdown", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition?.ToString());
        var md = await response.Content.ReadAsStringAsync();
        Assert.Contains("| Time to detect | 30s |", md);
        Assert.Contains("| Time to acknowledge | 6m 40s |", md);
        Assert.Contains("| Time to resolve | 20m |", md);
        Assert.Equal(md.Split('\n')[0], (await http.GetStringAsync($"/api/v1/incidents/{daemon.SeededIncident}/postmortem")).Split('\n')[0]);
    }

    /// <summary>A page on another port of 127.0.0.1: same site for cookies, another origin.</summary>
    private sealed class OtherOrigin : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private OtherOrigin(WebApplication app, Uri url)
        {
            _app = app;
            Url = url;
        }

        public Uri Url { get; }

        public static async Task<OtherOrigin> StartAsync(string html)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            app.MapGet("/", () => Results.Content(html, "text/html"));
            await app.StartAsync();
            return new OtherOrigin(app, new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()));
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
