using Doomsday.Core.Probes;

namespace Doomsday.Core.Tests.Probes;

/// <summary>Options of the in-test probe kind: the scheduler does not care what a probe checks.</summary>
internal sealed record ScriptedProbeOptions : ProbeOptions
{
    public override string Kind => "scripted";
    public override string Target => "scripted:" + Name;
}
