using System.Text;
using Doomsday.Core.Secrets;

namespace Doomsday.Core.Tests.Secrets;

public sealed class UrlSecretsTests
{
    [Theory]
    [InlineData("https://alice:s3cret@am.example.com:9093/", "https://alice:<redacted>@am.example.com:9093/")]
    [InlineData("https://ghp_token0123@git.example.com/x", "https://<redacted>@git.example.com/x")]
    [InlineData("https://shop.example.com/health?token=abc&verbose=1", "https://shop.example.com/health?token=<redacted>&verbose=1")]
    [InlineData("https://s.example.com/h?API_KEY=1&x-auth-sig=2&page=3#frag", "https://s.example.com/h?API_KEY=<redacted>&x-auth-sig=<redacted>&page=3#frag")]
    [InlineData("https://u:p@h.example.com/a@b?password=x", "https://u:<redacted>@h.example.com/a@b?password=<redacted>")]
    [InlineData("https://plain.example.com/path", "https://plain.example.com/path")]
    [InlineData("not a url ?token=x", "not a url ?token=<redacted>")]
    [InlineData("htps://u:p@h", "htps://u:<redacted>@h")]
    [InlineData("/relative?token=x", "/relative?token=<redacted>")]
    [InlineData("https://u:${AM_PASSWORD}@h/", "https://u:<redacted>@h/")]
    public void Redact_HidesPasswordsTokensAndSecretQueryValues(string url, string shown)
    {
        Assert.Equal(shown, UrlSecrets.Redact(url));
    }

    [Fact]
    public void SplitCredentials_PercentEncodedUserInfo_BasicAuthOfTheDecodedPairAndAUrlWithoutIt()
    {
        var (target, basic) = UrlSecrets.SplitCredentials(new Uri("https://al%40ice:p%3Ass@am.example.com:9093/api/v2/alerts?x=1"));

        Assert.Equal("https://am.example.com:9093/api/v2/alerts?x=1", target.AbsoluteUri);
        Assert.Equal("Basic", basic!.Scheme);
        Assert.Equal("al@ice:p:ss", Encoding.UTF8.GetString(Convert.FromBase64String(basic.Parameter!)));
    }

    [Fact]
    public void SendAsBasicAuth_RequestWithItsOwnAuthorization_KeepsItAndStillDropsTheUserInfo()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://u:p@h.example.com/");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer configured");

        UrlSecrets.SendAsBasicAuth(request);

        Assert.Equal("Bearer configured", request.Headers.Authorization!.ToString());
        Assert.Equal("https://h.example.com/", request.RequestUri!.AbsoluteUri);
    }
}
