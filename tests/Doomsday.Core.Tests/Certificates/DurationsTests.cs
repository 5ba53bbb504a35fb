using Doomsday.Core.Certificates;

namespace Doomsday.Core.Tests.Certificates;

public class DurationsTests
{
    [Theory]
    [InlineData("90d", 90 * 86400)]
    [InlineData("36h", 36 * 3600)]
    [InlineData("1d12h", 36 * 3600)]
    [InlineData("15m", 900)]
    [InlineData("5s", 5)]
    [InlineData("2w", 14 * 86400)]
    [InlineData("1y", 365 * 86400)]
    [InlineData("1.5h", 5400)]
    [InlineData(" 7d ", 7 * 86400)]
    [InlineData("0", 0)]
    [InlineData("1h30m15s", 5415)]
    public void TryParse_ValidText_GivesDuration(string text, long seconds)
    {
        Assert.True(Durations.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromSeconds(seconds), value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("90")]
    [InlineData("d")]
    [InlineData("9x")]
    [InlineData("-1d")]
    [InlineData("1d-2h")]
    [InlineData("1D")]
    [InlineData("ninety days")]
    [InlineData("1..5h")]
    [InlineData("99999999999999y")]
    public void TryParse_BadText_IsRejected(string? text)
    {
        Assert.False(Durations.TryParse(text, out _));
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(59, "59s")]
    [InlineData(60, "1m")]
    [InlineData(3599, "59m")]
    [InlineData(3600, "1h")]
    [InlineData(47 * 3600 + 3599, "47h")] // below 48h kubeadm still prints hours
    [InlineData(48 * 3600, "2d")]
    [InlineData(364 * 86400 + 86399, "364d")]
    [InlineData(365 * 86400, "1y")]
    [InlineData(9 * 365 * 86400 + 100 * 86400, "9y")]
    [InlineData(-3 * 86400, "-3d")]
    [InlineData(-30, "-30s")]
    public void FormatResidual_KubeadmStyle(long seconds, string expected)
    {
        Assert.Equal(expected, Durations.FormatResidual(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void FormatResidual_FractionOfSecond_IsFloored()
    {
        Assert.Equal("1s", Durations.FormatResidual(TimeSpan.FromMilliseconds(1999)));
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(90 * 86400, "90d")]
    [InlineData(36 * 3600, "1d12h")]
    [InlineData(90061, "1d1h1m1s")]
    [InlineData(300, "5m")]
    public void Format_Canonical(long seconds, string expected)
    {
        Assert.Equal(expected, Durations.Format(TimeSpan.FromSeconds(seconds)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3600)]
    [InlineData(90061)]
    [InlineData(400 * 86400 + 7)]
    public void Format_ParsedBack_GivesSameDuration(long seconds)
    {
        var d = TimeSpan.FromSeconds(seconds);

        Assert.True(Durations.TryParse(Durations.Format(d), out var back));
        Assert.Equal(d, back);
    }
}
