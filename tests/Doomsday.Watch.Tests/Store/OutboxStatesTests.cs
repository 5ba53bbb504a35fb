using Doomsday.Watch.Store;

namespace Doomsday.Watch.Tests.Store;

public sealed class OutboxStatesTests
{
    [Fact]
    public void Constants_Each_DocumentedInStoreDocAndAllowedBySchema()
    {
        var doc = DocsFolder.Doc("store.md");

        var states = IncidentEventKindsTests.Constants(typeof(OutboxStates));

        Assert.Equal(["pending", "sent", "expired", "failed"], states);
        Assert.All(states, s => Assert.Contains($"`{s}`", doc));
        Assert.All(states, s => Assert.Contains($"'{s}'", StoreMigrations.Scripts[0]));
    }
}
