using Doomsday.Core.Configuration;
using Doomsday.Core.Probes;
using Doomsday.Core.Tests.Configuration;

namespace Doomsday.Core.Tests.Probes;

public sealed class ProbeKindsTests
{
    [Fact]
    public void Create_EveryKind_BuildsAProbeForItsOptions()
    {
        var context = new ProbeContext(TimeProvider.System);
        foreach (var kind in ProbeKinds.All)
        {
            var options = (ProbeOptions)System.Text.Json.JsonSerializer.Deserialize("""{"Name":"x","Url":"https://127.0.0.1:1","Address":"127.0.0.1:1","Server":"127.0.0.1","Query":"a.test"}""", kind.OptionsType)!;
            var probe = kind.Create(options, context);
            Assert.Same(options, probe.Options);
            Assert.Equal(kind.Name, probe.Options.Kind);
        }
    }

    public static TheoryData<string> Kinds => [.. ProbeKinds.All.Select(k => k.Name)];

    /// <summary>A kind's example is a valid config entry: it renders, binds back to an equal value, and builds its probe.</summary>
    [Theory]
    [MemberData(nameof(Kinds))]
    public void Example_EveryKind_RendersBindsAndBuilds(string name)
    {
        var kind = ProbeKinds.Find(name)!;
        Assert.IsType(kind.OptionsType, kind.Example);
        Assert.Equal(kind.Name, kind.Example.Kind);

        var yaml = KindExample.Yaml("probes", kind.Example);
        var result = KindExample.Load(yaml);

        Assert.True(result.IsValid, yaml + string.Join("\n", result.Errors));
        var bound = Assert.Single(result.Config!.Probes);
        Assert.Equal(ConfigRenderer.Identity(kind.Example), ConfigRenderer.Identity(bound));
        Assert.Same(bound, ProbeKinds.Create(bound, new ProbeContext(TimeProvider.System)).Options);
    }

    [Fact]
    public void All_Names_UniqueAndEachTheKindNameOfItsOptions()
    {
        Assert.Equal(ProbeKinds.All.Count, ProbeKinds.All.Select(k => k.Name).Distinct().Count());
        Assert.All(ProbeKinds.All, k => Assert.Equal(k.Name, k.OptionsType.GetField("KindName")?.GetRawConstantValue()));
    }

    /// <summary>An options record written but not registered (its kind would not exist in the file) fails here.</summary>
    [Fact]
    public void All_EveryOptionsRecordOfDoomsdayCore_IsRegistered()
    {
        var records = typeof(ProbeOptions).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(ProbeOptions)) && !t.IsAbstract);

        Assert.Equal(records.OrderBy(t => t.Name), ProbeKinds.All.Select(k => k.OptionsType).OrderBy(t => t.Name));
    }
}
