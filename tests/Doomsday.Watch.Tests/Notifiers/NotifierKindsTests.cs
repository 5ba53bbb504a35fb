using Doomsday.Watch.Notifiers;
using Doomsday.Watch.Tests.Configuration;

namespace Doomsday.Watch.Tests.Notifiers;

public sealed class NotifierKindsTests
{
    public static TheoryData<string> Kinds => [.. NotifierKinds.All.Select(k => k.Name)];

    /// <summary>A kind's example is a valid config entry: it renders, binds back to an equal value, and builds its notifier.</summary>
    [Theory]
    [MemberData(nameof(Kinds))]
    public void Example_EveryKind_RendersBindsAndBuilds(string name)
    {
        var kind = NotifierKinds.Find(name)!;

        var bound = KindExample.AssertBindsBack("notifiers", kind.Name, kind.OptionsType, kind.Example, c => c.Notifiers);

        Assert.Same(bound, NotifierKinds.Create(bound, new NotifierContext(TimeProvider.System)).Options);
    }

    /// <summary>An options record written but not registered (its kind would not exist in the file) fails here.</summary>
    [Fact]
    public void All_EveryOptionsRecord_RegisteredOnceUnderItsKindName() =>
        KindExample.AssertRegistry(typeof(NotifierOptions), [.. NotifierKinds.All.Select(k => (k.Name, k.OptionsType))]);
}
