using System.Diagnostics.CodeAnalysis;
using Doomsday.Core.Configuration;

namespace Doomsday.Core.Notifiers;

/// <summary>One notifier kind: its config name, the options record the config binds to, and how to build it.</summary>
/// <remarks>The annotation keeps the options record's members in a native build, for the config binder (<see cref="ConfigTypes"/>).</remarks>
public sealed record NotifierKind(
    string Name,
    [property: DynamicallyAccessedMembers(ConfigTypes.Members)][param: DynamicallyAccessedMembers(ConfigTypes.Members)] Type OptionsType,
    Func<NotifierOptions, NotifierContext, INotifier> Create);
