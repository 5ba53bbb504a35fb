using System.Text.Json.Nodes;
using k8s;

namespace Doomsday.Testing.Kubernetes;

/// <summary>
/// An object held by the fake: the client's own model object (serialised with <see cref="KubernetesJson"/>
/// when it is sent, so 20,000 Secrets sharing one 100 KB buffer cost 100 KB), or untyped JSON for custom resources.
/// </summary>
internal sealed class FakeObject(FakeResource resource, string? ns, string name, IReadOnlyDictionary<string, string> labels, Func<string, string?> field, object payload)
{
    public FakeResource Resource { get; } = resource;
    public string? Namespace { get; } = ns;
    public string Name { get; } = name;
    public IReadOnlyDictionary<string, string> Labels { get; } = labels;

    /// <summary>Sort and continue key: namespace/name, as etcd keys order them.</summary>
    public string Key => (Namespace ?? "") + "/" + Name;

    public string? Field(string label) => label switch
    {
        "metadata.name" => Name,
        "metadata.namespace" => Namespace ?? "",
        _ => field(label),
    };

    public string ToJson() => payload is JsonNode node ? node.ToJsonString() : KubernetesJson.Serialize(payload);
}
