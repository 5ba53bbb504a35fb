using Doomsday.Core.Certificates;

namespace Doomsday.Core.Tests.Certificates;

public class ThresholdsTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset IssuedLongAgo = Now.AddYears(-1);

    [Theory]
    [InlineData(0, Severity.Expired)] // notAfter == now: no time left
    [InlineData(-1, Severity.Expired)]
    [InlineData(1, Severity.Emergency)]
    [InlineData(7 * 86400, Severity.Emergency)] // exactly the emergency threshold
    [InlineData(7 * 86400 + 1, Severity.Critical)]
    [InlineData(30 * 86400, Severity.Critical)]
    [InlineData(30 * 86400 + 1, Severity.Warning)]
    [InlineData(90 * 86400, Severity.Warning)]
    [InlineData(90 * 86400 + 1, Severity.Ok)]
    [InlineData(3650L * 86400, Severity.Ok)]
    public void Classify_ResidualAtBoundary_GivesSeverity(long secondsLeft, Severity expected)
    {
        var severity = Thresholds.Default.Classify(IssuedLongAgo, Now.AddSeconds(secondsLeft), Now);

        Assert.Equal(expected, severity);
    }

    [Fact]
    public void Classify_OneSecondBeforeNotBefore_IsNotYetValid()
    {
        var severity = Thresholds.Default.Classify(Now.AddSeconds(1), Now.AddDays(365), Now);

        Assert.Equal(Severity.NotYetValid, severity);
    }

    [Fact]
    public void Classify_ExactlyAtNotBefore_IsValid()
    {
        var severity = Thresholds.Default.Classify(Now, Now.AddDays(365), Now);

        Assert.Equal(Severity.Ok, severity);
    }

    [Fact]
    public void Classify_NotYetValidAndAlreadyExpired_IsExpired()
    {
        // A certificate whose window is entirely in the past or inverted is reported expired first.
        var severity = Thresholds.Default.Classify(Now.AddDays(1), Now.AddDays(-1), Now);

        Assert.Equal(Severity.Expired, severity);
    }

    [Fact]
    public void Classify_CustomThresholds_AreUsed()
    {
        var thresholds = new Thresholds(TimeSpan.FromHours(10), TimeSpan.FromHours(5), TimeSpan.FromHours(1));

        Assert.Equal(Severity.Ok, thresholds.Classify(IssuedLongAgo, Now.AddHours(11), Now));
        Assert.Equal(Severity.Warning, thresholds.Classify(IssuedLongAgo, Now.AddHours(6), Now));
        Assert.Equal(Severity.Critical, thresholds.Classify(IssuedLongAgo, Now.AddHours(2), Now));
        Assert.Equal(Severity.Emergency, thresholds.Classify(IssuedLongAgo, Now.AddMinutes(59), Now));
    }

    [Fact]
    public void Validate_Defaults_IsValid()
    {
        Assert.Null(Thresholds.Default.Validate());
    }

    [Theory]
    [InlineData(1, 30, 7, "warning")]
    [InlineData(90, 3, 7, "critical")]
    [InlineData(90, 30, -1, "emergency")]
    public void Validate_OutOfOrder_NamesTheBadThreshold(int warningDays, int criticalDays, int emergencyDays, string named)
    {
        var thresholds = new Thresholds(TimeSpan.FromDays(warningDays), TimeSpan.FromDays(criticalDays), TimeSpan.FromDays(emergencyDays));

        var error = thresholds.Validate();

        Assert.NotNull(error);
        Assert.StartsWith(named, error);
    }

    [Fact]
    public void Validate_AllEqual_IsValid()
    {
        var d = TimeSpan.FromDays(3);

        Assert.Null(new Thresholds(d, d, d).Validate());
    }
}
