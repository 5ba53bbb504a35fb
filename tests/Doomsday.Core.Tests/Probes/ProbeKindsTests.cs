using Doomsday.Core.Probes;

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
}
