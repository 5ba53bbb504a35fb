using System.Net;
using Doomsday.Daemon.Tests.Support;
using Microsoft.Playwright;

namespace Doomsday.Daemon.Tests.Web;

/// <summary>
/// The daemon bound to 0.0.0.0 with a token (<see cref="TokenWebDaemon"/>): pages are refused without the
/// token, a browser signs in once with a form and gets an HttpOnly, SameSite=Strict session cookie.
/// </summary>
public sealed class WebSignInTests(TokenWebDaemon daemon) : IClassFixture<TokenWebDaemon>
{
    [Fact]
    public async Task Page_WithoutTokenOnANonLoopbackBinding_IsRefused()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = daemon.BaseUrl };

        var page = await http.GetAsync("/certificates?q=apiserver");
        var action = await http.PostAsync($"/alerts/{daemon.ProbeDownFingerprint}/ack", new FormUrlEncodedContent(new Dictionary<string, string> { ["by"] = "x" }));
        var api = await http.GetAsync("/api/v1/alerts");
        using var wrongCookie = new HttpRequestMessage(HttpMethod.Get, "/");
        wrongCookie.Headers.Add("Cookie", "doomsday_session=v1.99999999999.forged");
        var forged = await http.SendAsync(wrongCookie);

        Assert.Equal(HttpStatusCode.SeeOther, page.StatusCode);
        Assert.Equal("/signin?next=%2Fcertificates%3Fq%3Dapiserver", page.Headers.Location?.OriginalString);
        Assert.DoesNotContain("apiserver", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, action.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, forged.StatusCode);
    }

    [Fact]
    public async Task SignInForm_WrongThenRightToken_RefusesThenOpensThePageItWasGoingTo()
    {
        var page = await daemon.Browser.Context.NewPageAsync();
        await page.GotoAsync(new Uri(daemon.BaseUrl, "/incidents").ToString());
        Assert.EndsWith("/signin?next=%2Fincidents", page.Url, StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("signin-1280x800.png"), FullPage = true });

        await page.GetByLabel("Token").FillAsync("not-the-token");
        var refused = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync(), r => r.Url.EndsWith("/signin", StringComparison.Ordinal));
        Assert.Equal(401, refused.Status);
        Assert.Contains("not this daemon's token", await page.Locator("main").InnerTextAsync());

        await page.GetByLabel("Token").FillAsync(TokenWebDaemon.Secret);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/incidents", StringComparison.Ordinal));
        Assert.Equal("Incidents", await page.Locator("h1").InnerTextAsync());
        var session = (await daemon.Browser.Context.CookiesAsync()).Single(c => c.Name == "doomsday_session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.DoesNotContain(TokenWebDaemon.Secret, session.Value);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/signin", StringComparison.Ordinal));
        await page.GotoAsync(new Uri(daemon.BaseUrl, "/").ToString());
        Assert.Contains("/signin", page.Url, StringComparison.Ordinal);
    }
}
