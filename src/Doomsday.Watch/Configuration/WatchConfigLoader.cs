using System.Text;
using Doomsday.Core.Configuration;
using Doomsday.Watch.Alerting;
using ReasonCodes = Doomsday.Core.Inventory.ReasonCodes;
using Doomsday.Core.Sources.Files;
using Doomsday.Core.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Doomsday.Watch.Configuration;

/// <summary>
/// Loads a <c>doomsday watch</c> config file. Never throws for bad input: every problem (syntax, shape,
/// values, cross-references) comes back as a <see cref="ConfigError"/>, all of them in one run. The
/// daemon calls <see cref="Load"/> at start and on reload (SIGHUP, file change) and keeps its current
/// config when the result is not valid.
/// </summary>
public static class WatchConfigLoader
{
    /// <summary>Largest config file read (docs/configuration.md): a config with thousands of probes is a few hundred KiB.</summary>
    public const long MaxFileSize = 4 * 1024 * 1024;

    /// <summary>Reads and validates <paramref name="path"/>; <c>${NAME}</c> is looked up through <paramref name="env"/> (e.g. <c>Environment.GetEnvironmentVariable</c>).</summary>
    public static ConfigLoadResult Load(string path, Func<string, string?> env)
    {
        if (ConfigFileText.Read(path, out var unreadable) is not { } text) return new ConfigLoadResult(null, [unreadable!]);
        return Parse(text, path, Path.GetDirectoryName(Path.GetFullPath(path))!, env);
    }

    /// <summary>
    /// Validates config text. <paramref name="displayPath"/> is the file name errors carry;
    /// <paramref name="baseDirectory"/> resolves relative paths (store, TLS files, certificate paths).
    /// </summary>
    public static ConfigLoadResult Parse(string text, string displayPath, string baseDirectory, Func<string, string?> env)
    {
        var binder = new ConfigBinder(displayPath, baseDirectory, env);
        YamlMappingNode? root;
        var marked = EnvReferences.Mark(text);
        var scanner = new Scanner(new StringReader(marked));
        try
        {
            var stream = BoundedYaml.Load(scanner);
            if (stream.Documents.Count == 0 || ConfigBinder.IsNull(stream.Documents[0].RootNode))
            {
                root = new YamlMappingNode();
            }
            else if (stream.Documents[0].RootNode is YamlMappingNode m)
            {
                root = m;
            }
            else
            {
                var node = stream.Documents[0].RootNode;
                binder.Error(node, "", ConfigErrorCodes.WrongType, "the file must be a mapping of sections (certificates:, probes:, ...)");
                root = null;
            }
            if (stream.Documents.Count > 1)
            {
                binder.Error(stream.Documents[1].RootNode, "", ConfigErrorCodes.YamlSyntax, "more than one YAML document; a config file holds one");
            }
        }
        catch (YamlLimitException e)
        {
            binder.Error(e.Start, "", ConfigErrorCodes.YamlLimit, e.Reason);
            root = null;
        }
        catch (YamlException e)
        {
            // YamlDotNet wraps some errors ("while parsing a block mapping ..."): the innermost has the exact spot.
            var inner = e;
            while (inner.InnerException is YamlException deeper) inner = deeper;
            var message = EnvReferences.Unmark(FirstLine(inner.Message));
            // For a tab YamlDotNet points at the mapping it was in; the tab itself is more useful.
            var at = message.Contains("tab", StringComparison.Ordinal) && FirstIndentationTab(text, inner.Start.Line) is { } tab ? tab : (inner.Start.Line, inner.Start.Column);
            binder.Error(new Mark(0, at.Line, at.Column), "", ConfigErrorCodes.YamlSyntax, message);
            root = null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet 18 throws this instead of a syntax error for a flow collection left open at the end.
            binder.Error(scanner.CurrentPosition, "", ConfigErrorCodes.YamlSyntax, "unexpected end of a flow collection: a '[' or '{' is not closed");
            root = null;
        }
        if (root is null) return new ConfigLoadResult(null, binder.Errors);

        var config = binder.BindRoot<WatchOptions>(root);
        if (config is not null)
        {
            config = config with
            {
                SourcePath = Path.GetFullPath(Path.Combine(baseDirectory, displayPath)),
                Store = config.Store with { Path = Path.GetFullPath(Path.Combine(baseDirectory, config.Store.Path)) },
            };
            CrossCheck(binder, config, root);
        }
        return binder.Errors.Count == 0
            ? new ConfigLoadResult(config, [])
            : new ConfigLoadResult(null, binder.Errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList());
    }

    /// <summary>
    /// Rules between records: steps in order, names unique in a list, a route naming a defined notifier. A rule
    /// across one record's own keys is that record's <see cref="Core.Configuration.Rules.IConfigValidated"/>; a rule on one key, an
    /// attribute on its property.
    /// </summary>
    private static void CrossCheck(ConfigBinder b, WatchOptions c, YamlMappingNode root)
    {
        if (root.Children.TryGetValue(new YamlScalarNode("escalation"), out var escalationNode) && escalationNode is YamlSequenceNode)
        {
            if (c.Escalation.Count == 0) b.Error(escalationNode, "escalation", ConfigErrorCodes.InvalidValue, "at least one step is needed (leave the section out for the default)");
            for (var i = 1; i < c.Escalation.Count; i++)
            {
                if (c.Escalation[i].Below >= c.Escalation[i - 1].Below)
                {
                    var (node, path) = b.Where(c.Escalation[i], "below");
                    b.Error(node, path, ConfigErrorCodes.EscalationOrder,
                        $"'below' must be less than the previous step's ({Show(c.Escalation[i - 1].Below)}): steps go from the farthest to the nearest");
                }
            }
        }

        Unique(b, c.Probes.Where(p => p is not null).Select(p => ((object)p, (string?)p.Name)), "probe");
        Unique(b, c.Notifiers.Where(n => n is not null).Select(n => ((object)n, (string?)n.Name)), "notifier");
        Unique(b, c.Maintenance.Where(m => m is not null).Select(m => ((object)m, (string?)m.Name)), "maintenance window");

        var notifiers = c.Notifiers.Where(n => n?.Name is not null).Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var route in c.Routes.Where(r => r is not null))
        {
            if (route.Notifiers is null) continue;
            var (listNode, listPath) = b.Where(route, "notifiers");
            if (route.Notifiers.Count == 0) b.Error(listNode, listPath, ConfigErrorCodes.InvalidValue, "a route needs at least one notifier");
            for (var i = 0; i < route.Notifiers.Count; i++)
            {
                var name = route.Notifiers[i];
                if (notifiers.Contains(name)) continue;
                var node = listNode is YamlSequenceNode seq && i < seq.Children.Count ? seq.Children[i] : listNode;
                var defined = notifiers.Count == 0 ? "no notifier is defined" : "defined: " + string.Join(", ", notifiers.Order(StringComparer.Ordinal));
                b.Error(node, $"{listPath}[{i}]", ConfigErrorCodes.UnknownNotifier, $"no notifier named '{name}'{Suggestions.DidYouMean(name, notifiers)}; {defined}");
            }
        }
    }

    private static void Unique(ConfigBinder b, IEnumerable<(object Item, string? Name)> items, string what)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (item, name) in items)
        {
            if (name is null) continue;
            var (node, path) = b.Where(item, "name");
            if (seen.TryGetValue(name, out var first))
            {
                b.Error(node, path, ConfigErrorCodes.DuplicateName, $"{what} name '{name}' is already used by {first}");
            }
            else
            {
                seen[name] = path[..path.LastIndexOf('.')];
            }
        }
    }

    private static string Show(TimeSpan t) => t < TimeSpan.Zero ? "-" + Core.Certificates.Durations.Format(-t) : Core.Certificates.Durations.Format(t);

    /// <summary>Line and column of the first tab used as indentation at or after <paramref name="fromLine"/>.</summary>
    private static (long Line, long Column)? FirstIndentationTab(string text, long fromLine)
    {
        var lines = text.Split('\n');
        for (var i = (int)Math.Max(0, fromLine - 1); i < lines.Length; i++)
        {
            for (var j = 0; j < lines[i].Length && lines[i][j] is ' ' or '\t'; j++)
            {
                if (lines[i][j] == '\t') return (i + 1, j + 1);
            }
        }
        return null;
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n')[0].Trim();
        // "(Line: 3, Col: 1, Idx: 20) - (Line: 3, Col: 2, Idx: 21): While scanning ..." → the part after the positions.
        var colon = line.IndexOf("): ", StringComparison.Ordinal);
        return colon >= 0 && line.StartsWith('(') ? line[(colon + 3)..] : line;
    }
}
