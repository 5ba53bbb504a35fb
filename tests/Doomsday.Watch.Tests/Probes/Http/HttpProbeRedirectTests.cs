using Doomsday.Watch.Probes;
using Doomsday.Watch.Probes.Http;

namespace Doomsday.Watch.Tests.Probes.Http;

/// <summary>
/// Redirects against a real nginx: <c>/here</c> redirects on the same origin, <c>/away</c> to another host name
/// (localhost, on the same port: another server block), <c>/loop</c> to itself; <c>/echo</c> shows which server
/// answered and which secret headers reached it.
/// </summary>
public sealed class HttpProbeRedirectTests(HttpProbeFixture f) : IClassFixture<HttpProbeFixture>
{
    private static readonly Dictionary<string, string> Secrets = new() { ["X-Secret"] = "s3cret", ["Authorization"] = "Bearer t0ken" };

    private Task<ProbeResult> Run(HttpProbeOptions o) => new HttpProbe(o, f.Context).RunAsync(CancellationToken.None);

    private HttpProbeOptions At(string path, string redirects) => new() { Name = "shop", Url = f.Plain(path), Headers = Secrets, Redirects = redirects };

    [Fact]
    public async Task RunAsync_RedirectToAnotherHostByDefault_FailsAsRedirectOtherHostWithoutSendingTheHeaders()
    {
        var result = await Run(new HttpProbeOptions { Name = "shop", Url = f.Plain("/away"), Headers = Secrets });

        Assert.False(result.Success);
        Assert.Equal(ProbeReasonCodes.RedirectOtherHost, result.ReasonCode);
        Assert.Contains("a redirect to another host: http://localhost:", result.Detail);
        Assert.Equal(302, result.HttpStatus);
    }

    [Fact]
    public async Task RunAsync_FollowToAnotherHost_ConfiguredHeadersNotForwardedAndDetailSaysWhereItEnded()
    {
        var result = await Run(At("/away", HttpRedirects.Follow) with { BodyContains = "server=other x-secret=[] authorization=[]" });

        Assert.True(result.Success, result.Detail);
        Assert.Contains("redirected 1 time to http://localhost:", result.Detail);
        Assert.Contains("the configured headers were not sent there", result.Detail);
    }

    [Fact]
    public async Task RunAsync_RedirectOnTheSameOrigin_FollowedWithTheHeaders()
    {
        var result = await Run(At("/here", HttpRedirects.SameHost) with { BodyContains = "server=target x-secret=[s3cret] authorization=[Bearer t0ken]" });

        Assert.True(result.Success, result.Detail);
        Assert.Equal(200, result.HttpStatus);
    }

    [Fact]
    public async Task RunAsync_RedirectsNone_TheRedirectIsTheAnswer()
    {
        var refused = await Run(At("/here", HttpRedirects.None));
        var accepted = await Run(At("/here", HttpRedirects.None) with { ExpectStatus = [302] });

        Assert.Equal(ProbeReasonCodes.UnexpectedStatus, refused.ReasonCode);
        Assert.Equal(302, refused.HttpStatus);
        Assert.True(accepted.Success, accepted.Detail);
    }

    [Fact]
    public async Task RunAsync_RedirectLoop_FailsAfterTenWithTooManyRedirects()
    {
        var result = await Run(At("/loop", HttpRedirects.Follow));

        Assert.Equal(ProbeReasonCodes.TooManyRedirects, result.ReasonCode);
        Assert.Contains($"more than {HttpRedirects.Max} redirects", result.Detail);
    }
}
