using Doomsday.Core.Configuration;
using Doomsday.Watch.Configuration;
using Doomsday.Watch.Probes;

namespace Doomsday.Watch.Tests.Probes;

/// <summary>Options of the in-test probe kind: the scheduler does not care what a probe checks.</summary>
internal sealed record ScriptedProbeOptions : ProbeOptions
{
    // Compared by value on reload, as the real kinds' options are (ProbeScheduler.Fingerprint).
    static ScriptedProbeOptions() => ConfigTypes.Register<ScriptedProbeOptions>();

    public override string Kind => "scripted";
    public override string Target => "scripted:" + Name;
}
