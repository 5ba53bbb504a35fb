using Doomsday.Watch.Store;

namespace Doomsday.Watch.Tests.Store;

public sealed class AlertStateTableTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Put_SameFingerprintTwiceThenReopen_KeepsLatestStatePerAlert()
    {
        var path = _dir.Combine("states.db");
        using (var store = DoomsdayStore.Open(path, _clock))
        {
            store.AlertStates.Put("a", """{"state":"pending"}""");
            store.AlertStates.Put("b", """{"state":"firing"}""");
            _clock.Advance(TimeSpan.FromSeconds(30));
            store.AlertStates.Put("a", """{"state":"firing"}""");
            Assert.True(store.AlertStates.Delete("b"));
        }

        using var reopened = DoomsdayStore.Open(path, _clock);
        var all = reopened.AlertStates.All();

        Assert.Equal(["a"], all.Keys);
        Assert.Equal("""{"state":"firing"}""", all["a"]);
        Assert.Null(reopened.AlertStates.Get("b"));
    }

    [Fact]
    public async Task Put_ManyWritersAtOnce_NoBusyErrorsAndEveryWriteKept()
    {
        using var store = DoomsdayStore.Open(_dir.Combine("busy.db"), _clock);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 50; i++)
            {
                store.AlertStates.Put($"w{w}-{i}", "{}");
                store.ProbeResults.Add([new StoredProbeResult($"p{w}", _clock.GetUtcNow(), true, TimeSpan.FromMilliseconds(1), null, "")]);
            }
        })));

        Assert.Equal(400, store.AlertStates.All().Count);
        Assert.Equal(400, store.ProbeResults.Count());
    }
}
