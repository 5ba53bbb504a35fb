using System.Reflection;
using Doomsday.Core.Configuration;
using Doomsday.Core.Configuration.Rules;
using Doomsday.Watch.Configuration;
using YamlDotNet.RepresentationModel;

namespace Doomsday.Watch.Tests.Configuration.Rules;

/// <summary>
/// The rules of a property are its attributes, read by the binder and the printers through <see cref="ConfigField"/>:
/// nothing goes by a property's name, so a property renamed keeps its rules, and marking a secret is one edit.
/// </summary>
public sealed class FieldRuleAttributeTests
{
    private const string SecretText = "s3cret-never-shown-0xDEAD";

    /// <summary>A record of the tests' own: the same rules as the shipped options, on names no shipped record uses.</summary>
    public sealed record Renamed
    {
        [HostPort] public string? Endpoint { get; init; }
        [Secret, HttpUrl] public string? Hook { get; init; }
        [ConfigPath] public string? Material { get; init; }
        [ConfigKey("expect.codes"), HttpStatus] public IReadOnlyList<int> Codes { get; init; } = [];
        [PositiveDuration(MinimumMilliseconds = 1000)] public TimeSpan Every { get; init; } = TimeSpan.FromMinutes(1);
        public TimeSpan Grace { get; init; }
        [Secret, HttpHeaders] public IReadOnlyDictionary<string, string> Extra { get; init; } = new Dictionary<string, string>();
    }

    static FieldRuleAttributeTests() => ConfigTypes.Register<Renamed>();

    private static (Renamed? Value, List<ConfigError> Errors) Bind(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var binder = new ConfigBinder("test.yaml", "/etc/doomsday", _ => null);
        var value = binder.BindRoot<Renamed>((YamlMappingNode)stream.Documents[0].RootNode);
        return (value, binder.Errors);
    }

    [Fact]
    public void Bind_RenamedPropertiesWithAttributes_KeepTheirRules()
    {
        var (_, errors) = Bind($$"""
            endpoint: no-port-here
            hook: "ftp://{{SecretText}}"
            expect: { codes: [700] }
            every: 10ms
            grace: -1s
            extra: { "Bad Header": x }
            """);

        Assert.Equal(
            ["endpoint invalid_address", "hook invalid_url", "expect.codes[0] invalid_value", "every invalid_duration", "grace invalid_duration", "extra.Bad Header invalid_value"],
            errors.Select(e => $"{e.Field} {e.Code}"));
        Assert.DoesNotContain(errors, e => e.Message.Contains(SecretText, StringComparison.Ordinal));
    }

    [Fact]
    public void Bind_ConfigPathAndConfigKey_ResolvedAndNested()
    {
        var (value, errors) = Bind("material: pki/ca.crt\nexpect: { codes: [200, 204] }\nevery: 2s\n");

        Assert.Empty(errors);
        Assert.Equal("/etc/doomsday/pki/ca.crt", value!.Material);
        Assert.Equal([200, 204], value.Codes);
        Assert.Equal("expect.codes", ConfigField.Of(typeof(Renamed), nameof(Renamed.Codes)).Key);
    }

    /// <summary>Derived by reflection over every config type: whatever property is marked [Secret], its value never shows.</summary>
    [Fact]
    public void PrintMembersAndRender_EverySecretProperty_Redacted()
    {
        var secrets = ConfigTypes.All
            .Where(t => t.Assembly == typeof(WatchOptions).Assembly && t.IsClass && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) is not null)
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.IsDefined(typeof(SecretAttribute), inherit: true))
                .Select(p => (Type: t, Property: p)))
            .ToList();

        Assert.Contains(secrets, s => s.Property.Name == nameof(Watch.Configuration.ServerOptions.BearerToken)); // the walk finds the shipped ones
        Assert.True(secrets.Count >= 7, $"{secrets.Count} secret properties");
        foreach (var (type, property) in secrets)
        {
            var record = Activator.CreateInstance(type)!;
            property.SetValue(record, property.PropertyType == typeof(string) ? $"https://u:{SecretText}@x.example.com/{SecretText}"
                : property.PropertyType == typeof(IReadOnlyDictionary<string, string>) ? new Dictionary<string, string> { ["Authorization"] = SecretText }
                : throw new InvalidOperationException($"{type.Name}.{property.Name}: a secret of type {property.PropertyType} is not covered here"));

            Assert.DoesNotContain(SecretText, record.ToString(), StringComparison.Ordinal);
            Assert.True(ConfigField.Of(type, property.Name).IsSecret);
        }
    }
}
