namespace Doomsday.Core.Probes;

/// <summary>One probe kind: its config name, the options record the config binds to, and how to build it.</summary>
public sealed record ProbeKind(string Name, Type OptionsType, Func<ProbeOptions, ProbeContext, IProbe> Create);
