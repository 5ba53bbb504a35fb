using Doomsday.Watch.Probes;
using Doomsday.Watch.Tests.Configuration;

namespace Doomsday.Watch.Tests.Probes;

public sealed class ProbeKindsTests
{
    [Fact]
    public void Create_EveryKind_BuildsAProbeForItsOptions()
    {
        var context = new ProbeContext(TimeProvider.System);
        foreach (var kind in ProbeKinds.All)
        {
            // the kind's own example: a kind with keys of its own needs no edit here
            var probe = kind.Create(kind.Example, context);
            Assert.Same(kind.Example, probe.Options);
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

        var bound = KindExample.AssertBindsBack("probes", kind.Name, kind.OptionsType, kind.Example, c => c.Probes);

        Assert.Same(bound, ProbeKinds.Create(bound, new ProbeContext(TimeProvider.System)).Options);
    }

    /// <summary>An options record written but not registered (its kind would not exist in the file) fails here.</summary>
    [Fact]
    public void All_EveryOptionsRecord_RegisteredOnceUnderItsKindName() =>
        KindExample.AssertRegistry(typeof(ProbeOptions), [.. ProbeKinds.All.Select(k => (k.Name, k.OptionsType))]);
}
