using Doomsday.Daemon.Http;

namespace Doomsday.Daemon.Tests.Http;

public sealed class ListenAddressTests
{
    [Theory]
    [InlineData("127.0.0.1:9797", true, 9797)]
    [InlineData("localhost:80", true, 80)]
    [InlineData("[::1]:9797", true, 9797)]
    [InlineData("0.0.0.0:9797", false, 9797)]
    [InlineData("10.0.0.5:1", false, 1)]
    [InlineData("[::]:0", false, 0)]
    public void TryParse_ValidAddress_GivesLoopbackAndPort(string text, bool loopback, int port)
    {
        Assert.True(ListenAddress.TryParse(text, out var address, out var error), error);
        Assert.Equal(loopback, address!.IsLoopback);
        Assert.Equal(port, address.Port);
    }

    [Theory]
    [InlineData("")]
    [InlineData("9797")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:http")]
    [InlineData("127.0.0.1:70000")]
    [InlineData("example.com:9797")]
    [InlineData("::1:9797")]
    public void TryParse_InvalidAddress_ExplainsWhy(string text)
    {
        Assert.False(ListenAddress.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void ServerSettingsValidate_NonLoopbackWithoutToken_Refused()
    {
        var error = new ServerSettings { Listen = "0.0.0.0:9797" }.Validate(out _);
        Assert.NotNull(error);
        Assert.Contains("token", error);
        Assert.Null(new ServerSettings { Listen = "0.0.0.0:9797", Token = "s3cret" }.Validate(out _));
        Assert.Null(new ServerSettings { Listen = "127.0.0.1:9797" }.Validate(out _));
    }
}
