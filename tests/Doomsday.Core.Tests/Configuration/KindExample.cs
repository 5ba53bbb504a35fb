using Doomsday.Core.Configuration;

namespace Doomsday.Core.Tests.Configuration;

/// <summary>A kind's <c>Example</c> written as the YAML the file takes (its identity: every key, nothing redacted), and loaded back.</summary>
internal static class KindExample
{
    /// <summary>The example as the only item of <paramref name="section"/> (<c>probes</c>, <c>notifiers</c>) of a config file.</summary>
    public static string Yaml(string section, object example)
    {
        var lines = ConfigRenderer.Identity(example)!.TrimEnd('\n').Split('\n');
        return $"{section}:\n" + string.Join("\n", lines.Select((l, i) => (i == 0 ? "  - " : "    ") + l)) + "\n";
    }

    public static ConfigLoadResult Load(string yaml)
    {
        using var dir = new Support.TempDir();
        return WatchConfigLoader.Load(dir.File("doomsday.yaml", yaml), _ => null);
    }
}
