namespace Doomsday.Core.Configuration.Rules;

/// <summary>
/// The key a property is written under when it is not its camelCase name; a dotted key nests it, as the
/// documented YAML does: <c>expect: {status: [200], bodyContains: ok}</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
internal sealed class ConfigKeyAttribute(string key) : Attribute
{
    public string Key { get; } = key;
}
