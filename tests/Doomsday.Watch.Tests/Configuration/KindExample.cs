using Doomsday.Core.Configuration;
using Doomsday.Watch.Configuration;

namespace Doomsday.Watch.Tests.Configuration;

/// <summary>
/// What the probe and notifier registries must each hold true: names unique and each the <c>KindName</c> of its
/// options, every options record registered, and every kind's <c>Example</c> a valid config entry.
/// </summary>
internal static class KindExample
{
    /// <summary>The example as the only item of <paramref name="section"/> (<c>probes</c>, <c>notifiers</c>): its identity (every key, nothing redacted).</summary>
    public static string Yaml(string section, object example)
    {
        var lines = ConfigRenderer.Identity(example)!.TrimEnd('\n').Split('\n');
        return $"{section}:\n" + string.Join("\n", lines.Select((l, i) => (i == 0 ? "  - " : "    ") + l)) + "\n";
    }

    /// <summary>Asserts that the example renders and binds back to an equal value; returns the bound value.</summary>
    public static T AssertBindsBack<T>(string section, string name, Type optionsType, T example, Func<WatchOptions, IReadOnlyList<T>> items)
        where T : class
    {
        Assert.IsType(optionsType, example);
        Assert.Equal(name, optionsType.GetProperty("Kind")!.GetValue(example));
        var yaml = Yaml(section, example);
        using var dir = new TempDir();

        var result = WatchConfigLoader.Load(dir.File("doomsday.yaml", yaml), _ => null);

        Assert.True(result.IsValid, yaml + string.Join("\n", result.Errors));
        var bound = Assert.Single(items(result.Config!));
        Assert.Equal(ConfigRenderer.Identity(example), ConfigRenderer.Identity(bound));
        return bound;
    }

    /// <summary>Asserts that names are unique, each the options' <c>KindName</c>, and every options record deriving from <paramref name="baseType"/> is registered.</summary>
    public static void AssertRegistry(Type baseType, IReadOnlyList<(string Name, Type OptionsType)> kinds)
    {
        Assert.Equal(kinds.Count, kinds.Select(k => k.Name).Distinct().Count());
        Assert.All(kinds, k => Assert.Equal(k.Name, k.OptionsType.GetField("KindName")?.GetRawConstantValue()));
        var records = baseType.Assembly.GetTypes().Where(t => t.IsSubclassOf(baseType) && !t.IsAbstract);
        Assert.Equal(records.OrderBy(t => t.Name), kinds.Select(k => k.OptionsType).OrderBy(t => t.Name));
    }
}
