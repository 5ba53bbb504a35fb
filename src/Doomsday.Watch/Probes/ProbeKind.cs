using System.Diagnostics.CodeAnalysis;
using Doomsday.Core.Configuration;
using Doomsday.Watch.Configuration;

namespace Doomsday.Watch.Probes;

/// <summary>
/// One probe kind: its config name, the options record the config binds to, how to build its probe, and an
/// <see cref="Example"/> (a minimal valid options value: the registry tests bind, render and build it).
/// </summary>
/// <remarks>The annotation keeps the options record's members in a native build, for the config binder (<see cref="ConfigTypes"/>).</remarks>
public sealed record ProbeKind(
    string Name,
    [property: DynamicallyAccessedMembers(ConfigTypes.Members)][param: DynamicallyAccessedMembers(ConfigTypes.Members)] Type OptionsType,
    Func<ProbeOptions, ProbeContext, IProbe> Create,
    ProbeOptions Example)
{
    /// <summary>The kind <paramref name="name"/> (the options record's <c>KindName</c>) of options <typeparamref name="T"/>, typed.</summary>
    public static ProbeKind Of<[DynamicallyAccessedMembers(ConfigTypes.Members)] T>(string name, T example, Func<T, ProbeContext, IProbe> create)
        where T : ProbeOptions =>
        new(name, typeof(T), (o, c) => create((T)o, c), example);
}
