using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using Doomsday.Core.Certificates;
using Doomsday.Core.Configuration;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Doomsday.Watch.Configuration;

/// <summary>
/// Binds YAML nodes to the immutable config records by reflection over the types of
/// <see cref="ConfigTypes"/> (which keeps their members in a native build): a record's settable properties
/// are its keys (camelCase, or the alias of its <see cref="Core.Configuration.Rules.ConfigKeyAttribute"/>), a positional
/// record's constructor parameters likewise. Supports strings, integers, booleans, durations,
/// timestamps, lists, string maps, nested records and kind-polymorphic lists. Every problem is
/// collected as a <see cref="ConfigError"/>; binding goes on past it so one run reports them all.
/// </summary>
internal sealed class ConfigBinder(string file, string baseDirectory, Func<string, string?> env)
{
    private static readonly ConcurrentDictionary<Type, KeyTree> Trees = new();

    private readonly Dictionary<object, (YamlMappingNode Node, string Path)> _origins = new(ReferenceEqualityComparer.Instance);

    public List<ConfigError> Errors { get; } = [];

    public void Error(Mark mark, string field, string code, string message) =>
        Errors.Add(new ConfigError(file, mark.Line, mark.Column, field, code, message));

    public void Error(YamlNode node, string field, string code, string message) => Error(node.Start, field, code, message);

    /// <summary>
    /// Path of a bound object (<c>probes[2]</c>) and the node of one of its keys (dotted for aliases), or of the
    /// object when the key is absent or empty (then the path is the object's own).
    /// </summary>
    public (YamlNode Node, string Path) Where(object bound, string key)
    {
        if (!_origins.TryGetValue(bound, out var origin)) return (new YamlScalarNode(""), key); // a default, not from the file
        var (map, path) = origin;
        if (key.Length == 0) return (map, path);
        YamlNode node = map;
        foreach (var part in key.Split('.'))
        {
            if (node is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode(part), out var child)) node = child;
            else return (node, Join(path, key));
        }
        return (node, Join(path, key));
    }

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    public T? BindRoot<T>(YamlMappingNode root) where T : class => BindObject(root, ConfigTypes.Of(typeof(T)), "", skipKey: null) as T;

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } s && (s.Value is null or "" or "~" or "null" or "Null" or "NULL");

    /// <summary>Converts one node to <paramref name="type"/>; false (with the error recorded) when it cannot.</summary>
    public bool TryConvert(YamlNode node, Type type, Type owner, string property, string path, out object? value)
    {
        value = null;
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(string) || t == typeof(int) || t == typeof(bool) || t == typeof(TimeSpan) || t == typeof(DateTimeOffset))
        {
            return TryScalar(node, t, owner, property, path, out value);
        }
        if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            return TryList(node, t.GetGenericArguments()[0], owner, property, path, out value);
        }
        if (t == typeof(IReadOnlyDictionary<string, string>))
        {
            return TryStringMap(node, owner, property, path, out value);
        }
        if (ExpectMapping(node, path) is not { } map) return false;
        if (ConfigSchema.Kinds.TryGetValue(t, out var kinds))
        {
            value = BindKind(map, t, kinds, path);
        }
        else if (ConfigTypes.Of(t) is var record && record.Type.GetConstructor(Type.EmptyTypes) is not null)
        {
            value = BindObject(map, record, path, skipKey: null);
        }
        else
        {
            value = BindPositional(map, record.Type, path);
        }
        return value is not null;
    }

    private bool TryScalar(YamlNode node, Type t, Type owner, string property, string path, out object? value)
    {
        value = null;
        if (node is not YamlScalarNode scalar)
        {
            Error(node, path, ConfigErrorCodes.WrongType, $"expected a single value, got {Describe(node)}");
            return false;
        }
        var raw = scalar.Value ?? "";
        var field = ConfigField.Of(owner, property);
        if (EnvReferences.HasMalformed(raw))
        {
            var written = field.IsSecret ? "the value" : $"'{field.Shown(EnvReferences.Unmark(raw))}'";
            Error(node, path, ConfigErrorCodes.EnvSyntax, $"{written} holds a '${{' that starts no ${{NAME}} reference (a closing brace is missing, or NAME is not letters, digits and _); write $${{ for a literal ${{");
            return false;
        }
        var undefined = new List<string>();
        var text = EnvReferences.Resolve(raw, env, undefined);
        if (undefined.Count > 0)
        {
            foreach (var name in undefined.Distinct()) Error(node, path, ConfigErrorCodes.UndefinedEnv, $"environment variable {name} is not set");
            return false;
        }
        // What a message may quote: the text as written (a ${VAR} shows as itself, never its value); nothing for a secret.
        var shown = field.IsSecret ? "" : $"'{field.Shown(EnvReferences.Unmark(raw))}' ";
        if (t == typeof(string))
        {
            value = field.IsPath && text.Length > 0 ? Path.GetFullPath(Path.Combine(baseDirectory, text)) : text;
        }
        else if (t == typeof(int))
        {
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
            {
                Error(node, path, ConfigErrorCodes.InvalidValue, $"{shown}is not an integer");
                return false;
            }
            value = n;
        }
        else if (t == typeof(bool))
        {
            if (text is not ("true" or "false" or "True" or "False" or "TRUE" or "FALSE"))
            {
                Error(node, path, ConfigErrorCodes.InvalidValue, $"{shown}is not a boolean (true or false)");
                return false;
            }
            value = text.Equals("true", StringComparison.OrdinalIgnoreCase);
        }
        else if (t == typeof(TimeSpan))
        {
            if (!TryDuration(text, out var d))
            {
                Error(node, path, ConfigErrorCodes.InvalidDuration, $"{shown}is not a duration (e.g. 90d, 36h, 15m, 15s, 500ms)");
                return false;
            }
            value = d;
        }
        else
        {
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                Error(node, path, ConfigErrorCodes.InvalidValue, $"{shown}is not a date and time (e.g. 2026-01-31T22:00:00Z)");
                return false;
            }
            value = at;
        }
        if (field.Check(value, shown) is { } bad)
        {
            Error(node, path, bad.Code, bad.Message);
            return false;
        }
        return true;
    }

    /// <summary>scan's durations, plus a leading minus for the few places that accept one (an escalation step after expiry).</summary>
    public static bool TryDuration(string text, out TimeSpan value)
    {
        var s = text.Trim();
        var negative = s.StartsWith('-');
        var ok = Durations.TryParse(negative ? s[1..] : s, out value);
        if (negative) value = -value;
        return ok;
    }

    private bool TryList(YamlNode node, Type element, Type owner, string property, string path, out object? value)
    {
        value = null;
        if (node is not YamlSequenceNode seq)
        {
            Error(node, path, ConfigErrorCodes.WrongType, $"expected a list, got {Describe(node)}");
            return false;
        }
        var list = ConfigTypes.Of(element).NewList();
        var ok = true;
        for (var i = 0; i < seq.Children.Count; i++)
        {
            var item = seq.Children[i];
            var itemPath = $"{path}[{i}]";
            if (IsNull(item))
            {
                Error(item, itemPath, ConfigErrorCodes.InvalidValue, "empty list item");
                ok = false;
            }
            else if (TryConvert(item, element, owner, property, itemPath, out var v)) list.Add(v);
            else ok = false;
        }
        value = list;
        return ok;
    }

    private bool TryStringMap(YamlNode node, Type owner, string property, string path, out object? value)
    {
        value = null;
        if (ExpectMapping(node, path) is not { } map) return false;
        var dict = new Dictionary<string, string>(StringComparer.Ordinal);
        var ok = true;
        foreach (var (k, v) in map.Children)
        {
            var key = KeyText(k);
            if (ConfigField.Of(owner, property).CheckKey(owner, key) is { } bad)
            {
                Error(k, Join(path, key), bad.Code, bad.Message);
                ok = false;
            }
            else if (TryScalar(v, typeof(string), owner, property, Join(path, key), out var s)) dict[key] = (string)s!;
            else ok = false;
        }
        value = dict;
        return ok;
    }

    private YamlMappingNode? ExpectMapping(YamlNode node, string path)
    {
        if (node is YamlMappingNode map) return map;
        Error(node, path, ConfigErrorCodes.WrongType, $"expected a mapping (key: value), got {Describe(node)}");
        return null;
    }

    private object? BindKind(YamlMappingNode map, Type baseType, IReadOnlyList<(string Name, Type OptionsType)> kinds, string path)
    {
        var what = baseType.Name.Replace("Options", "", StringComparison.Ordinal).ToLowerInvariant();
        var valid = string.Join(", ", kinds.Select(k => k.Name));
        if (!map.Children.TryGetValue(new YamlScalarNode(ConfigSchema.KindKey), out var kindNode) || IsNull(kindNode))
        {
            Error(map, Join(path, ConfigSchema.KindKey), ConfigErrorCodes.MissingField, $"missing required field 'kind' (one of {valid})");
            return null;
        }
        if (kindNode is not YamlScalarNode { Value: { } kindName })
        {
            Error(kindNode, Join(path, ConfigSchema.KindKey), ConfigErrorCodes.WrongType, $"expected a single value, got {Describe(kindNode)}");
            return null;
        }
        var kind = kinds.FirstOrDefault(k => k.Name == kindName);
        if (kind.OptionsType is null)
        {
            var name = EnvReferences.Unmark(kindName);
            Error(kindNode, Join(path, ConfigSchema.KindKey), ConfigErrorCodes.UnknownKind,
                $"unknown {what} kind '{name}'{Suggestions.DidYouMean(name, kinds.Select(k => k.Name))}; valid kinds: {valid}");
            return null;
        }
        return BindObject(map, ConfigTypes.Of(kind.OptionsType), path, ConfigSchema.KindKey);
    }

    private object BindObject(YamlMappingNode map, ConfigType record, string path, string? skipKey)
    {
        var type = record.Type;
        var tree = Trees.GetOrAdd(type, static (_, r) => KeyTree.For(r.Type), record);
        var values = new Dictionary<PropertyInfo, object?>();
        var given = new HashSet<PropertyInfo>();
        var errorsBefore = Errors.Count;
        BindKeys(map, tree, type, path, skipKey, values, given);
        foreach (var (fullKey, property) in tree.Leaves)
        {
            if (!given.Contains(property) && property.GetCustomAttribute<RequiredMemberAttribute>() is not null)
            {
                Error(map, Join(path, fullKey), ConfigErrorCodes.MissingField, $"missing required field '{fullKey}'");
            }
        }
        var instance = Activator.CreateInstance(type)!;
        foreach (var (property, value) in values) property.SetValue(instance, value);
        _origins[instance] = (map, path);
        if (Errors.Count == errorsBefore) ValidateAcross(instance);
        return instance;
    }

    /// <summary>The record's own rules across its keys (<see cref="Core.Configuration.Rules.IConfigValidated"/>), placed at the key each names.</summary>
    private void ValidateAcross(object instance)
    {
        if (instance is not Core.Configuration.Rules.IConfigValidated record) return;
        foreach (var problem in record.Validate())
        {
            var (node, at) = Where(instance, problem.Key);
            Error(node, at, problem.Code, problem.Message);
        }
    }

    private void BindKeys(YamlMappingNode map, KeyTree tree, Type type, string path, string? skipKey, Dictionary<PropertyInfo, object?> values, HashSet<PropertyInfo> given)
    {
        foreach (var (k, v) in map.Children)
        {
            var key = KeyText(k);
            if (key == skipKey) continue;
            var keyPath = Join(path, key);
            if (!tree.Children.TryGetValue(key, out var child))
            {
                Error(k, keyPath, ConfigErrorCodes.UnknownField, $"unknown field '{key}'{tree.Suggest(key, skipKey)}");
                continue;
            }
            if (IsNull(v)) continue; // written but empty: same as absent
            if (child.Property is { } property)
            {
                given.Add(property); // a wrong value is reported as wrong, not also as missing
                if (TryConvert(v, property.PropertyType, type, property.Name, keyPath, out var value)) values[property] = value;
            }
            else if (ExpectMapping(v, keyPath) is { } sub)
            {
                BindKeys(sub, child, type, keyPath, null, values, given);
            }
        }
    }

    private object? BindPositional(YamlMappingNode map, [DynamicallyAccessedMembers(ConfigTypes.Members)] Type type, string path)
    {
        var ctor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var parameters = ctor.GetParameters();
        var keys = parameters.Select(p => ConfigSchema.CamelCase(p.Name!)).ToList();
        // A type with a static Default (Thresholds) lets any parameter be left out.
        var fallback = type.GetField("Default", BindingFlags.Public | BindingFlags.Static)?.GetValue(null);
        fallback = fallback is not null && fallback.GetType() == type ? fallback : null;
        var args = new object?[parameters.Length];
        var given = new bool[parameters.Length];
        var ok = true;
        foreach (var (k, v) in map.Children)
        {
            var key = KeyText(k);
            var i = keys.IndexOf(key);
            if (i < 0)
            {
                Error(k, Join(path, key), ConfigErrorCodes.UnknownField, $"unknown field '{key}'{Suggestions.DidYouMean(key, keys)}");
                continue;
            }
            if (IsNull(v)) continue;
            given[i] = true;
            var property = char.ToUpperInvariant(parameters[i].Name![0]) + parameters[i].Name![1..];
            if (TryConvert(v, parameters[i].ParameterType, type, property, Join(path, key), out var value)) args[i] = value;
            else ok = false;
        }
        for (var i = 0; i < parameters.Length; i++)
        {
            if (given[i]) continue;
            if (fallback is not null)
            {
                args[i] = type.GetProperty(char.ToUpperInvariant(parameters[i].Name![0]) + parameters[i].Name![1..])!.GetValue(fallback);
            }
            else
            {
                Error(map, Join(path, keys[i]), ConfigErrorCodes.MissingField, $"missing required field '{keys[i]}'");
                ok = false;
            }
        }
        if (!ok) return null;
        var instance = ctor.Invoke(args);
        _origins[instance] = (map, path);
        ValidateAcross(instance);
        return instance;
    }

    private static string KeyText(YamlNode key) => key is YamlScalarNode s ? EnvReferences.Unmark(s.Value ?? "") : key.ToString();

    private static string Describe(YamlNode node) => node switch
    {
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "a single value",
    };

    /// <summary>The keys of a record: leaves are properties, inner nodes the groups that aliases introduce (<c>expect</c>).</summary>
    private sealed class KeyTree
    {
        public PropertyInfo? Property { get; private init; }
        public Dictionary<string, KeyTree> Children { get; } = new(StringComparer.Ordinal);
        public List<(string FullKey, PropertyInfo Property)> Leaves { get; } = [];

        public static KeyTree For([DynamicallyAccessedMembers(ConfigTypes.Members)] Type type)
        {
            var root = new KeyTree();
            foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (p.SetMethod is not { IsPublic: true }) continue;
                var fullKey = ConfigField.Of(type, p.Name).Key;
                var node = root;
                var parts = fullKey.Split('.');
                foreach (var part in parts[..^1])
                {
                    if (!node.Children.TryGetValue(part, out var next)) node.Children[part] = next = new KeyTree();
                    node = next;
                }
                node.Children[parts[^1]] = new KeyTree { Property = p };
                root.Leaves.Add((fullKey, p));
            }
            return root;
        }

        /// <summary>The nearest key at this level, or the full key of a property of that name written elsewhere (<c>status</c> → <c>expect.status</c>).</summary>
        public string Suggest(string key, string? extra)
        {
            var here = Children.Keys.Concat(extra is null ? [] : [extra]);
            if (Suggestions.Nearest(key, here) is { } near) return $" (did you mean '{near}'?)";
            var elsewhere = Leaves.Select(l => l.FullKey).Where(f => f.Contains('.')).ToList();
            var match = elsewhere.FirstOrDefault(f => f.EndsWith("." + key, StringComparison.OrdinalIgnoreCase))
                        ?? elsewhere.FirstOrDefault(f => Suggestions.Nearest(key, [f[(f.LastIndexOf('.') + 1)..]]) is not null);
            return match is null ? "" : $" (did you mean '{match}'?)";
        }
    }
}
