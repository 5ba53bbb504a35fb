using System.Diagnostics.CodeAnalysis;
using Doomsday.Core.Configuration;
using Doomsday.Watch.Configuration;

namespace Doomsday.Watch.Notifiers;

/// <summary>
/// One notifier kind: its config name, the options record the config binds to, how to build its notifier, and
/// an <see cref="Example"/> (a minimal valid options value: the registry tests bind, render and build it).
/// </summary>
/// <remarks>The annotation keeps the options record's members in a native build, for the config binder (<see cref="ConfigTypes"/>).</remarks>
public sealed record NotifierKind(
    string Name,
    [property: DynamicallyAccessedMembers(ConfigTypes.Members)][param: DynamicallyAccessedMembers(ConfigTypes.Members)] Type OptionsType,
    Func<NotifierOptions, NotifierContext, INotifier> Create,
    NotifierOptions Example)
{
    /// <summary>The kind <paramref name="name"/> (the options record's <c>KindName</c>) of options <typeparamref name="T"/>, typed.</summary>
    public static NotifierKind Of<[DynamicallyAccessedMembers(ConfigTypes.Members)] T>(string name, T example, Func<T, NotifierContext, INotifier> create)
        where T : NotifierOptions =>
        new(name, typeof(T), (o, c) => create((T)o, c), example);
}
