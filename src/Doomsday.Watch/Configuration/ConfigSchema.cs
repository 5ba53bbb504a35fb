using Doomsday.Watch.Notifiers;
using Doomsday.Watch.Probes;

namespace Doomsday.Watch.Configuration;

/// <summary>
/// What the file's shape needs beyond each property's own attributes (<see cref="ConfigField"/>): polymorphic
/// lists take their kinds from the registries (nothing here switches on a kind or names a property).
/// </summary>
internal static class ConfigSchema
{
    /// <summary>Lists of an abstract options type: each item names its <c>kind</c>, bound to that kind's options record.</summary>
    public static readonly IReadOnlyDictionary<Type, IReadOnlyList<(string Name, Type OptionsType)>> Kinds = new Dictionary<Type, IReadOnlyList<(string, Type)>>
    {
        [typeof(ProbeOptions)] = ProbeKinds.All.Select(k => (k.Name, k.OptionsType)).ToList(),
        [typeof(NotifierOptions)] = NotifierKinds.All.Select(k => (k.Name, k.OptionsType)).ToList(),
    };

    public const string KindKey = "kind";

    public static string CamelCase(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
