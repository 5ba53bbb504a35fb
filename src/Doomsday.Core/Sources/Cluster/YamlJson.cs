using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Doomsday.Core.Yaml;
using YamlDotNet.RepresentationModel;

namespace Doomsday.Core.Sources.Cluster;

/// <summary>
/// YAML documents as JSON, converted the way Kubernetes' own tools do before they decode an object
/// (sigs.k8s.io/yaml <c>YAMLToJSON</c>, used by kubectl and the API machinery): mapping keys are strings,
/// a plain scalar is typed by YAML's core schema (null, true/false, integer, float) and every other scalar,
/// quoted or not, is a string. So a saved <c>kubectl get -o yaml</c> document is decoded by the same JSON
/// path as a <c>-o json</c> one, with no reflection-based YAML model binding (not in a native build).
/// </summary>
public static partial class YamlJson
{
    /// <summary>
    /// The root of every document of <paramref name="text"/>, in order; null for an empty document. Parsed within
    /// the limits (<see cref="BoundedYaml"/>): throws what it throws on bad or oversized YAML.
    /// </summary>
    public static List<JsonNode?> Documents(string text)
    {
        var stream = BoundedYaml.Load(text);
        return stream.Documents.Select(d => Convert(d.RootNode)).ToList();
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => Mapping(map),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(Convert).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static JsonObject Mapping(YamlMappingNode map)
    {
        var o = new JsonObject();
        foreach (var (k, v) in map.Children) o[k is YamlScalarNode s ? s.Value ?? "" : k.ToString()] = Convert(v);
        return o;
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not (YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any)) return JsonValue.Create(text);
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL": return null;
            case "true" or "True" or "TRUE": return JsonValue.Create(true);
            case "false" or "False" or "FALSE": return JsonValue.Create(false);
        }
        if (Integer().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) return JsonValue.Create(n);
        if (Float().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return JsonValue.Create(d);
        return JsonValue.Create(text);
    }

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
