using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Doomsday.Core.Certificates;
using Doomsday.Core.Reporting;
using Doomsday.Watch.Alerting;
using Doomsday.Watch.Notifiers;
using Doomsday.Watch.Probes;

namespace Doomsday.Watch.Configuration;

/// <summary>
/// Every type the config binder, printer and renderer reflect over, each registered through a generic
/// whose <see cref="DynamicallyAccessedMembersAttribute"/> tells the trimmer to keep the members they
/// use (the native build removes what no code names; reflection alone names nothing). Kind-specific
/// options come from the kind registries (<see cref="ProbeKinds"/>, <see cref="NotifierKinds"/>),
/// whose <c>OptionsType</c> carries the same annotation, so a new kind is registered in one place.
/// A record type used in the config but missing here is a bug that the binder reports by throwing,
/// and that a unit test finds first by walking the types reachable from <see cref="WatchOptions"/>.
/// </summary>
internal static class ConfigTypes
{
    /// <summary>What the binder uses: the parameterless or positional constructor, the properties, a static <c>Default</c> field.</summary>
    public const DynamicallyAccessedMemberTypes Members =
        DynamicallyAccessedMemberTypes.PublicParameterlessConstructor | DynamicallyAccessedMemberTypes.PublicConstructors
        | DynamicallyAccessedMemberTypes.PublicProperties | DynamicallyAccessedMemberTypes.PublicFields;

    private static readonly ConcurrentDictionary<Type, ConfigType> ByType = Build();

    private static ConcurrentDictionary<Type, ConfigType> Build()
    {
        List<ConfigType> all =
        [
            // Records of the file.
            ConfigType.Of<WatchOptions>(), ConfigType.Of<CertificatesOptions>(), ConfigType.Of<ClusterOptions>(),
            ConfigType.Of<Thresholds>(), ConfigType.Of<EscalationStep>(), ConfigType.Of<ProbeOptions>(),
            ConfigType.Of<NotifierOptions>(), ConfigType.Of<RouteOptions>(), ConfigType.Of<MaintenanceWindow>(),
            ConfigType.Of<ServerOptions>(), ConfigType.Of<StoreOptions>(), ConfigType.Of<RetentionOptions>(),
            ConfigType.Of<HeartbeatOptions>(), ConfigType.Of<TlsClientOptions>(), ConfigType.Of<DeliveryOptions>(),
            ConfigType.Of<MetricsOptions>(), ConfigType.Of<SecretTypeOptions>(),
            // Scalars that are list items (the binder builds a List<T> of them).
            ConfigType.Of<string>(), ConfigType.Of<int>(),
        ];
        all.AddRange(ProbeKinds.All.Select(k => ConfigType.OfKind(k.OptionsType)));
        all.AddRange(NotifierKinds.All.Select(k => ConfigType.OfKind(k.OptionsType)));
        return new ConcurrentDictionary<Type, ConfigType>(all.ToDictionary(t => t.Type));
    }

    /// <summary>
    /// Registers a record type that is not part of the file's schema but is handled like one (a probe options
    /// type of the tests' own): its value identity (<see cref="ConfigRenderer.Identity"/>) then compares values.
    /// </summary>
    public static void Register<[DynamicallyAccessedMembers(Members)] T>() => ByType.TryAdd(typeof(T), ConfigType.Of<T>());

    public static bool TryOf(Type type, [NotNullWhen(true)] out ConfigType? configType) => ByType.TryGetValue(type, out configType);

    public static ConfigType Of(Type type) => TryOf(type, out var t) ? t
        : throw new InvalidOperationException($"{type.FullName} is used in the config but not registered in {nameof(ConfigTypes)}");

    internal static IEnumerable<Type> All => ByType.Keys;
}

/// <summary>A config type with its members kept for reflection, and (for list items) a typed list to bind into.</summary>
internal sealed class ConfigType
{
    private readonly Func<IList>? _newList;

    private ConfigType([DynamicallyAccessedMembers(ConfigTypes.Members)] Type type, Func<IList>? newList)
    {
        Type = type;
        _newList = newList;
    }

    [DynamicallyAccessedMembers(ConfigTypes.Members)]
    public Type Type { get; }

    /// <summary>An empty <c>List&lt;T&gt;</c> of this type (built without <c>MakeGenericType</c>, which a native build cannot do).</summary>
    public IList NewList() => _newList?.Invoke() ?? throw new InvalidOperationException($"{Type.FullName} is not registered as a list item in {nameof(ConfigTypes)}");

    public static ConfigType Of<[DynamicallyAccessedMembers(ConfigTypes.Members)] T>() => new(typeof(T), static () => new List<T>());

    public static ConfigType OfKind([DynamicallyAccessedMembers(ConfigTypes.Members)] Type optionsType) => new(optionsType, null);
}
