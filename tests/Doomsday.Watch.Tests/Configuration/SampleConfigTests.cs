using Doomsday.Core.Configuration;
using Doomsday.Watch.Configuration;
using Doomsday.Watch.Notifiers;
using Doomsday.Watch.Probes;

namespace Doomsday.Watch.Tests.Configuration;

/// <summary>samples/doomsday.yaml loads, uses every section and every registered kind; docs/configuration.md documents every code.</summary>
public sealed class SampleConfigTests
{
    private static string Sample => Path.Combine(RepoPaths.Root, "samples", "doomsday.yaml");

    /// <summary>Every variable the sample references is set, to a value recognisable if it leaked.</summary>
    private static string? Env(string name) => "https://secret.example.com/" + name;

    [Fact]
    public void Load_Sample_ValidWithEveryKindAndSection()
    {
        var result = WatchConfigLoader.Load(Sample, Env);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var c = result.Config!;
        Assert.Equal(ProbeKinds.All.Select(k => k.Name).Order(), c.Probes.Select(p => p.Kind).Distinct().Order());
        Assert.Equal(NotifierKinds.All.Select(k => k.Name).Order(), c.Notifiers.Select(n => n.Kind).Distinct().Order());
        Assert.NotEmpty(c.Routes);
        Assert.NotEmpty(c.Maintenance);
        Assert.NotNull(c.Heartbeat);
        Assert.NotNull(c.Certificates.Cluster);
        Assert.NotEmpty(c.Certificates.EndpointTargets);
        Assert.NotNull(c.Server.BearerToken);
        Assert.Equal("https://doomsday.example.com", c.Server.ExternalUrl);
        Assert.NotEmpty(c.Labels);
    }

    [Fact]
    public void Load_SampleWithoutEnvironment_OneUndefinedEnvPerReference()
    {
        var text = File.ReadAllText(Sample);
        var references = System.Text.RegularExpressions.Regex.Matches(text, @"^[^#\n]*?\$\{[A-Z_]+\}", System.Text.RegularExpressions.RegexOptions.Multiline).Count;

        var result = WatchConfigLoader.Load(Sample, _ => null);

        Assert.False(result.IsValid);
        Assert.All(result.Errors, e => Assert.Equal(ConfigErrorCodes.UndefinedEnv, e.Code));
        Assert.Equal(references, result.Errors.Count);
    }

    [Fact]
    public void ConfigurationDoc_DocumentsEveryErrorCodeAndEveryKindsKeys()
    {
        var doc = DocsFolder.Doc("configuration.md");

        Assert.All(ConfigErrorCodes.All, code => Assert.Contains($"`{code}`", doc));
        Assert.All(ProbeKinds.All, k => Assert.Contains($"`{k.Name}`", doc));
        Assert.All(NotifierKinds.All, k => Assert.Contains($"`{k.Name}`", doc));
        var options = ProbeKinds.All.Select(k => k.OptionsType).Concat(NotifierKinds.All.Select(k => k.OptionsType));
        foreach (var type in options)
        {
            foreach (var p in type.GetProperties().Where(p => p.SetMethod is { IsPublic: true }))
            {
                var key = ConfigField.Of(p).Key;
                Assert.True(doc.Contains($"`{key}`") || doc.Contains($"`{key[(key.LastIndexOf('.') + 1)..]}`"), $"{type.Name}.{p.Name} ({key}) not documented");
            }
        }
    }

    [Fact]
    public void ConfigurationDoc_KindListsAndSections_ExactlyTheRegisteredKinds()
    {
        var doc = DocsFolder.Doc("configuration.md").Split('\n');
        static List<string> Names(string text) =>
            System.Text.RegularExpressions.Regex.Matches(text, "`([a-z]+)`").Select(m => m.Groups[1].Value).ToList();

        // probes: the `kind` row lists every kind (a kind left out of it is one nobody finds), and each has its section
        var kindRow = Assert.Single(doc, l => l.StartsWith("| `kind` | required | One of", StringComparison.Ordinal));
        Assert.Equal(ProbeKinds.All.Select(k => k.Name), Names(kindRow[kindRow.IndexOf("One of", StringComparison.Ordinal)..kindRow.IndexOf('(')]));
        Assert.All(ProbeKinds.All, k => Assert.Contains($"### `{k.Name}`", doc));

        // notifiers: one row of the Kind table per kind, in the registry's order
        var table = doc.SkipWhile(l => l != "| Kind | Keys |").Skip(2).TakeWhile(l => l.StartsWith('|'));
        Assert.Equal(NotifierKinds.All.Select(k => k.Name), table.Select(l => Names(l.Split('|')[1]).Single()));
    }
}
