using Doomsday.Core.Configuration;
using Doomsday.Core.Notifiers;
using Doomsday.Core.Tests.Configuration;

namespace Doomsday.Core.Tests.Notifiers;

public sealed class NotifierKindsTests
{
    public static TheoryData<string> Kinds => [.. NotifierKinds.All.Select(k => k.Name)];

    /// <summary>A kind's example is a valid config entry: it renders, binds back to an equal value, and builds its notifier.</summary>
    [Theory]
    [MemberData(nameof(Kinds))]
    public void Example_EveryKind_RendersBindsAndBuilds(string name)
    {
        var kind = NotifierKinds.Find(name)!;
        Assert.IsType(kind.OptionsType, kind.Example);
        Assert.Equal(kind.Name, kind.Example.Kind);

        var yaml = KindExample.Yaml("notifiers", kind.Example);
        var result = KindExample.Load(yaml);

        Assert.True(result.IsValid, yaml + string.Join("\n", result.Errors));
        var bound = Assert.Single(result.Config!.Notifiers);
        Assert.Equal(ConfigRenderer.Identity(kind.Example), ConfigRenderer.Identity(bound));
        Assert.Same(bound, NotifierKinds.Create(bound, new NotifierContext(TimeProvider.System)).Options);
    }

    [Fact]
    public void All_Names_UniqueAndEachTheKindNameOfItsOptions()
    {
        Assert.Equal(NotifierKinds.All.Count, NotifierKinds.All.Select(k => k.Name).Distinct().Count());
        Assert.All(NotifierKinds.All, k => Assert.Equal(k.Name, k.OptionsType.GetField("KindName")?.GetRawConstantValue()));
    }

    /// <summary>An options record written but not registered (its kind would not exist in the file) fails here.</summary>
    [Fact]
    public void All_EveryOptionsRecordOfDoomsdayCore_IsRegistered()
    {
        var records = typeof(NotifierOptions).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(NotifierOptions)) && !t.IsAbstract);

        Assert.Equal(records.OrderBy(t => t.Name), NotifierKinds.All.Select(k => k.OptionsType).OrderBy(t => t.Name));
    }
}
