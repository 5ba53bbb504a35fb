using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Doomsday.Core.Inventory;
using Doomsday.Core.Yaml;
using k8s;
using k8s.Models;

namespace Doomsday.Core.Sources.Cluster;

/// <summary>
/// Saved API documents (<c>kubectl get -o json/yaml</c> output, fixtures, lists) decoded through the
/// same path as the live source: model object → <see cref="ClusterObjects"/> → certificates. Every
/// data key of a Secret or ConfigMap is tried (a saved document has no type filter to trust).
/// Objects without <c>kind</c> are recognised by shape (a CSR by <c>spec.request</c>, a Secret by
/// <c>type</c>+<c>data</c>, a ConfigMap by <c>data</c>); Go-struct dumps (<c>TypeMeta</c>/<c>ObjectMeta</c>) are read too.
/// </summary>
internal static class ClusterDocuments
{
    private static readonly SecretPattern AnyKey = new("*", ["*"]);

    public static void Decode(string origin, byte[] content, IInventorySink sink)
    {
        JsonNode? root = null;
        try
        {
            root = JsonNode.Parse(content);
        }
        catch (JsonException)
        {
            // not JSON: maybe YAML
        }
        if (root is not null)
        {
            foreach (var (kind, node) in Objects(root, null)) DecodeJson(origin, kind, node, sink);
            return;
        }
        List<JsonNode?> documents;
        try
        {
            // Parsed within the limits (BoundedYaml), then converted to JSON nodes: no model binding by reflection.
            documents = YamlJson.Documents(BoundedYaml.Text(content));
        }
        catch (YamlLimitException e)
        {
            sink.Add(new SourceError(new ClusterSourceRef(origin, "", null, "", ""), ReasonCodes.YamlLimit, $"{origin}: line {e.Start.Line}: {e.Reason}"));
            return;
        }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or InvalidOperationException)
        {
            documents = [JsonValue.Create("")]; // reported below, as for a scalar document
        }
        // Every document is an object or a list of them (empty documents between separators aside).
        if (documents.Count == 0 || documents.Any(d => d is not (null or JsonObject or JsonArray)) || documents.All(d => d is null))
        {
            sink.Add(new SourceError(new ClusterSourceRef(origin, "", null, "", ""), ReasonCodes.DecodeFailed, $"{origin}: not a Kubernetes API document (JSON or YAML)"));
            return;
        }
        foreach (var document in documents)
        {
            if (document is null) continue;
            foreach (var (kind, node) in Objects(document, null)) DecodeJson(origin, kind, node, sink);
        }
    }

    private static IEnumerable<(string? Kind, JsonObject Node)> Objects(JsonNode node, string? defaultKind)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array) if (item is not null) foreach (var o in Objects(item, defaultKind)) yield return o;
                break;
            case JsonObject obj when obj["items"] is JsonArray items:
                var listKind = (string?)(obj["kind"] as JsonValue);
                var itemKind = listKind is { Length: > 4 } && listKind.EndsWith("List", StringComparison.Ordinal) ? listKind[..^4] : null;
                foreach (var item in items) if (item is not null) foreach (var o in Objects(item, itemKind)) yield return o;
                break;
            case JsonObject obj:
                var normal = Normalize(obj);
                yield return ((string?)(normal["kind"] as JsonValue) ?? defaultKind ?? Guess(normal), normal);
                break;
        }
    }

    /// <summary>A Go struct dumped with encoding/json keeps its field names: TypeMeta, ObjectMeta, Spec, Status.</summary>
    private static JsonObject Normalize(JsonObject obj)
    {
        if (obj["ObjectMeta"] is null && obj["TypeMeta"] is null) return obj;
        var copy = new JsonObject();
        foreach (var (key, value) in obj)
        {
            var clone = value?.DeepClone();
            switch (key)
            {
                case "TypeMeta" when clone is JsonObject type:
                    foreach (var (k, v) in type) copy[k] = v?.DeepClone();
                    break;
                case "ObjectMeta": copy["metadata"] = clone; break;
                default: copy[char.ToLowerInvariant(key[0]) + key[1..]] = clone; break;
            }
        }
        return copy;
    }

    private static string? Guess(JsonObject o)
    {
        if (o["spec"] is JsonObject spec && (spec["request"] is not null || spec["signerName"] is not null)) return ClusterObjects.CertificateSigningRequest;
        if (o["data"] is JsonObject && o["type"] is JsonValue) return ClusterObjects.Secret;
        if (o["data"] is JsonObject || o["binaryData"] is JsonObject) return ClusterObjects.ConfigMap;
        return null;
    }

    private static void DecodeJson(string origin, string? kind, JsonObject node, IInventorySink sink)
    {
        Type? type = kind switch
        {
            ClusterObjects.Secret => typeof(V1Secret),
            ClusterObjects.ConfigMap => typeof(V1ConfigMap),
            ClusterObjects.CertificateSigningRequest => typeof(V1CertificateSigningRequest),
            ClusterObjects.ValidatingWebhookConfiguration => typeof(V1ValidatingWebhookConfiguration),
            ClusterObjects.MutatingWebhookConfiguration => typeof(V1MutatingWebhookConfiguration),
            ClusterObjects.ApiService => typeof(V1APIService),
            ClusterObjects.CustomResourceDefinition => typeof(V1CustomResourceDefinition),
            _ => null,
        };
        if (type is null) return; // a kind that carries no certificate the source reads
        object? model;
        try
        {
            model = Deserialize(node, type);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or NotSupportedException)
        {
            var name = (string?)(node["metadata"]?["name"] as JsonValue) ?? "";
            sink.Add(new SourceError(new ClusterSourceRef(origin, kind!, null, name, ""), ReasonCodes.DecodeFailed, $"{origin}: {kind} '{name}' cannot be decoded: {e.Message.Split('\n')[0]}"));
            return;
        }
        if (model is not null) Emit(origin, model, sink);
    }

    private static object? Deserialize(JsonObject node, Type type)
    {
        var json = node.ToJsonString();
        return type == typeof(V1Secret) ? JsonSerializer.Deserialize(json, ClusterJson.Default.V1Secret)
            : type == typeof(V1ConfigMap) ? JsonSerializer.Deserialize(json, ClusterJson.Default.V1ConfigMap)
            : type == typeof(V1CertificateSigningRequest) ? JsonSerializer.Deserialize(json, ClusterJson.Default.V1CertificateSigningRequest)
            : type == typeof(V1ValidatingWebhookConfiguration) ? JsonSerializer.Deserialize(json, ClusterJson.Default.V1ValidatingWebhookConfiguration)
            : type == typeof(V1MutatingWebhookConfiguration) ? JsonSerializer.Deserialize(json, ClusterJson.Default.V1MutatingWebhookConfiguration)
            : type == typeof(V1APIService) ? JsonSerializer.Deserialize(json, ClusterJson.Default.V1APIService)
            : JsonSerializer.Deserialize(json, ClusterJson.Default.V1CustomResourceDefinition);
    }

    private static void Emit(string origin, object model, IInventorySink sink)
    {
        var materials = model switch
        {
            V1Secret s => ClusterObjects.FromSecret(origin, s, [AnyKey]).Where(m => m.Source.Key != ClusterObjects.TlsKey),
            V1ConfigMap c => ClusterObjects.FromConfigMap(origin, c, _ => true),
            V1CertificateSigningRequest r => ClusterObjects.FromCsr(origin, r),
            V1ValidatingWebhookConfiguration v => ClusterObjects.FromWebhooks(origin, v),
            V1MutatingWebhookConfiguration m => ClusterObjects.FromWebhooks(origin, m),
            V1APIService a => ClusterObjects.FromApiService(origin, a),
            V1CustomResourceDefinition d => ClusterObjects.FromCrd(origin, d),
            _ => [],
        };
        foreach (var m in materials) ClusterMaterialDecoder.Emit(m, [], sink);
    }
}
