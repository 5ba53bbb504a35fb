using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Doomsday.Core.Configuration.Rules;
using Doomsday.Core.Configuration;

namespace Doomsday.Watch.Configuration;

/// <summary>
/// What the attributes of one config property say (<see cref="Rules"/> folder): its key, whether it is a
/// secret, a path or a URL shown redacted, and the rules its values must pass. The binder, the printers and
/// the docs tests all read a property through this, so its rules travel with it when it is renamed.
/// </summary>
internal sealed class ConfigField
{
    private static readonly ConcurrentDictionary<(Type Owner, string Property), ConfigField> Cache = new();

    private ConfigField(PropertyInfo property)
    {
        Key = property.GetCustomAttribute<ConfigKeyAttribute>()?.Key ?? ConfigSchema.CamelCase(property.Name);
        IsSecret = property.IsDefined(typeof(SecretAttribute), inherit: true);
        IsPath = property.IsDefined(typeof(ConfigPathAttribute), inherit: true);
        AllowsNegative = property.IsDefined(typeof(AllowNegativeAttribute), inherit: true);
        Rules = property.GetCustomAttributes<FieldRuleAttribute>(inherit: true).ToList();
        RedactsUrl = Rules.OfType<HttpUrlAttribute>().Any(u => !u.ShownWhole);
    }

    /// <summary>The key in the file: the camelCase name, or the <see cref="ConfigKeyAttribute"/> (dotted: nested).</summary>
    public string Key { get; }

    public bool IsSecret { get; }

    public bool IsPath { get; }

    public bool AllowsNegative { get; }

    /// <summary>An URL shown only through <see cref="Core.Secrets.UrlSecrets.Redact"/>.</summary>
    public bool RedactsUrl { get; }

    public IReadOnlyList<FieldRuleAttribute> Rules { get; }

    /// <summary>A non-secret value as it may be shown: URLs without their user info password or secret query values.</summary>
    public string Shown(string value) => RedactsUrl ? Core.Secrets.UrlSecrets.Redact(value) : value;

    /// <summary>
    /// Applies this property's rules to one scalar (a list is checked item by item), and the one rule about a
    /// value type itself: a duration is never negative unless the property says <see cref="AllowNegativeAttribute"/>.
    /// <paramref name="shown"/> is how the value may appear in the message (the text as written, or nothing for a secret).
    /// </summary>
    public (string Code, string Message)? Check(object value, string shown)
    {
        foreach (var rule in Rules)
        {
            if (rule.Check(value, shown) is { } bad) return bad;
        }
        return value is TimeSpan t && t < TimeSpan.Zero && !AllowsNegative
            ? (ConfigErrorCodes.InvalidDuration, "must not be negative")
            : null;
    }

    /// <summary>Checks a key of a map (a label name, a header name); <paramref name="key"/> is not a secret.</summary>
    public (string Code, string Message)? CheckKey(Type owner, string key)
    {
        foreach (var rule in Rules)
        {
            if (rule.CheckKey(owner, key) is { } bad) return bad;
        }
        return null;
    }

    /// <summary>The property <paramref name="property"/> of a record registered in <see cref="ConfigTypes"/> (or of one of its bases).</summary>
    public static ConfigField Of(Type owner, string property) =>
        Cache.GetOrAdd((owner, property), static key => new ConfigField(Find(ConfigTypes.Of(key.Owner).Type, key.Property)));

    public static ConfigField Of(PropertyInfo property) => Of(property.DeclaringType!, property.Name);

    private static PropertyInfo Find([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] Type type, string property) =>
        type.GetProperty(property, BindingFlags.Public | BindingFlags.Instance)
        ?? throw new InvalidOperationException($"{type.FullName} has no property {property}");
}
