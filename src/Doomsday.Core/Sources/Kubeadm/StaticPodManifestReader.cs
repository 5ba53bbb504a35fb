using System.Diagnostics.CodeAnalysis;
using Doomsday.Core.Inventory;
using Doomsday.Core.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Doomsday.Core.Sources.Kubeadm;

/// <summary>
/// Reads a static pod manifest: the component (<c>metadata.labels.component</c>, else
/// <c>metadata.name</c>, else the first container's name) and the <c>--flag=value</c> items of every
/// container's <c>command</c> and <c>args</c> (<c>--flag value</c> pairs too; a later flag wins, as
/// in the components' own flag parsing). Anything that is not a pod with containers is
/// <c>bad_manifest</c> with the line it was found at.
/// </summary>
public static class StaticPodManifestReader
{
    public static bool TryRead(string path, byte[] content,
        [NotNullWhen(true)] out StaticPodManifest? manifest, [NotNullWhen(false)] out SourceError? error)
    {
        manifest = null;
        YamlMappingNode root;
        try
        {
            var stream = BoundedYaml.Load(BoundedYaml.Text(content));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode m)
            {
                error = Bad(path, "line 1: manifest is empty or not a YAML mapping");
                return false;
            }
            root = m;
        }
        catch (YamlLimitException e)
        {
            error = new SourceError(new FileSourceRef(path), ReasonCodes.YamlLimit, $"line {e.Start.Line}, column {e.Start.Column}: {e.Reason}");
            return false;
        }
        catch (YamlException e)
        {
            var message = e.Message.Split('\n')[0];
            error = Bad(path, $"line {e.Start.Line}, column {e.Start.Column}: {message}");
            return false;
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner throws this (no position) on some malformed input, e.g. an unclosed flow sequence.
            error = Bad(path, $"not valid YAML: {e.Message}");
            return false;
        }

        if (Scalar(root, "kind") is { } kind && kind.Value != "Pod")
        {
            error = Bad(path, $"line {kind.Start.Line}: kind is '{kind.Value}', not Pod");
            return false;
        }
        var spec = Child(root, "spec") as YamlMappingNode;
        if (spec is null || Child(spec, "containers") is not YamlSequenceNode containers || containers.Children.Count == 0)
        {
            var line = (spec ?? (YamlNode)root).Start.Line;
            error = Bad(path, $"line {line}: spec.containers is missing or empty");
            return false;
        }

        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        var all = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        string? firstContainer = null;
        string? image = null;
        foreach (var container in containers.Children.OfType<YamlMappingNode>())
        {
            image ??= firstContainer is null ? Scalar(container, "image")?.Value : null;
            firstContainer ??= Scalar(container, "name")?.Value;
            foreach (var key in new[] { "command", "args" })
            {
                if (Child(container, key) is not YamlSequenceNode list) continue;
                var items = list.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "").ToList();
                AddFlags(items, flags, all);
            }
        }
        var metadata = Child(root, "metadata") as YamlMappingNode;
        var labels = metadata is null ? null : Child(metadata, "labels") as YamlMappingNode;
        var component = (labels is null ? null : Scalar(labels, "component")?.Value)
            ?? (metadata is null ? null : Scalar(metadata, "name")?.Value)
            ?? firstContainer
            ?? Path.GetFileNameWithoutExtension(path);
        manifest = new StaticPodManifest(path, component, flags)
        {
            Image = image,
            RepeatedFlags = all.Where(kv => kv.Value.Count > 1).ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value, StringComparer.Ordinal),
        };
        error = null;
        return true;
    }

    private static void AddFlags(List<string> items, Dictionary<string, string> flags, Dictionary<string, List<string>> all)
    {
        void Set(string name, string value)
        {
            flags[name] = value;
            if (!all.TryGetValue(name, out var values)) all[name] = values = [];
            values.Add(value);
        }

        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (!item.StartsWith("--", StringComparison.Ordinal) || item.Length == 2) continue;
            var eq = item.IndexOf('=');
            if (eq > 0)
            {
                Set(item[..eq], item[(eq + 1)..]);
            }
            else if (i + 1 < items.Count && !items[i + 1].StartsWith('-'))
            {
                Set(item, items[++i]);
            }
            else
            {
                Set(item, "true");
            }
        }
    }

    private static SourceError Bad(string path, string message) => new(new FileSourceRef(path), ReasonCodes.BadManifest, message);

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

    private static YamlScalarNode? Scalar(YamlMappingNode node, string key) => Child(node, key) as YamlScalarNode;
}
