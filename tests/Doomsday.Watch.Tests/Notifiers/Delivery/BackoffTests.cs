using Doomsday.Watch.Notifiers.Delivery;

namespace Doomsday.Watch.Tests.Notifiers.Delivery;

public sealed class BackoffTests
{
    [Theory]
    [InlineData(1, 2.5, 5)]
    [InlineData(2, 5, 10)]
    [InlineData(4, 20, 40)]
    [InlineData(20, 300, 600)]
    public void Delay_Attempt_BetweenHalfAndFullCappedStep(int attempt, double minSeconds, double maxSeconds)
    {
        var random = new Random(1234);
        var delays = Enumerable.Range(0, 200).Select(_ => Backoff.Delay(attempt, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(10), random).TotalSeconds).ToList();

        Assert.All(delays, d => Assert.InRange(d, minSeconds, maxSeconds));
        Assert.True(delays.Distinct().Count() > 100, "jittered");
    }
}
