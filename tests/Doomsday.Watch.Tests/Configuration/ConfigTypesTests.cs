using System.Reflection;
using Doomsday.Core.Configuration;
using Doomsday.Watch.Configuration;
using Doomsday.Watch.Notifiers;
using Doomsday.Watch.Probes;

namespace Doomsday.Watch.Tests.Configuration;

/// <summary>
/// The binder reflects only over <see cref="ConfigTypes"/> (so that the native build keeps their members):
/// every record and list item reachable from <see cref="WatchOptions"/> must be registered, or the native
/// binary would throw on a config that uses it. Walked here with plain reflection, independently.
/// </summary>
public class ConfigTypesTests
{
    [Fact]
    public void All_EveryTypeReachableFromWatchConfig_IsRegistered()
    {
        var reachable = Reachable().ToList();

        var missing = reachable.Where(t => !ConfigTypes.TryOf(t, out _)).Select(t => t.FullName).ToList();

        Assert.Empty(missing);
        Assert.Contains(typeof(TlsClientOptions), reachable); // the walk goes through kinds and nullable records
    }

    [Fact]
    public void NewList_ListItemType_IsTypedListOfIt()
    {
        Assert.IsType<List<int>>(ConfigTypes.Of(typeof(int)).NewList());
        Assert.IsType<List<ProbeOptions>>(ConfigTypes.Of(typeof(ProbeOptions)).NewList());
    }

    [Fact]
    public void Of_UnregisteredType_ThrowsNamingIt()
    {
        var e = Assert.Throws<InvalidOperationException>(() => ConfigTypes.Of(typeof(Uri)));

        Assert.Contains("System.Uri", e.Message);
    }

    private static bool IsConfigRecord(Type t) => t.IsClass && t.Namespace?.StartsWith("Doomsday.", StringComparison.Ordinal) == true;

    private static IEnumerable<Type> Reachable()
    {
        var seen = new HashSet<Type>();
        var queue = new Queue<Type>([typeof(WatchOptions)]);
        foreach (var k in ProbeKinds.All) queue.Enqueue(k.OptionsType);
        foreach (var k in NotifierKinds.All) queue.Enqueue(k.OptionsType);
        while (queue.TryDequeue(out var type))
        {
            if (!seen.Add(type)) continue;
            yield return type;
            foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }))
            {
                var t = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
                if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IReadOnlyList<>)) queue.Enqueue(t.GetGenericArguments()[0]);
                else if (IsConfigRecord(t)) queue.Enqueue(t);
            }
            // positional records (Thresholds, EscalationStep): constructor parameters are keys too
            foreach (var parameter in type.GetConstructors().SelectMany(c => c.GetParameters()))
            {
                var t = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
                if (IsConfigRecord(t) && t != type) queue.Enqueue(t);
            }
        }
    }
}
