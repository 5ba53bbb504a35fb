using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Doomsday.Core.Tests.Sources.Cluster;

/// <summary>
/// Doomsday reads the API through its own client and <c>ClusterJson</c>, never through KubernetesClient's
/// <c>Kubernetes</c> class or its serializer: once anything reaches the client's serializer context, a native
/// build keeps every model of the Kubernetes API (13 of the 41 MB the executable weighed: docs/benchmarks.md).
/// Nothing at run time would notice, so this reads the compiled assemblies' references instead.
/// </summary>
public sealed class ClusterApiClientTests
{
    /// <summary>Members that reach the client's serializer context (kubernetes-client/csharp v21: Kubernetes.cs, KubernetesJson.cs).</summary>
    private static readonly (string Type, string? Member)[] Forbidden =
    [
        ("k8s.Kubernetes", ".ctor"),
        ("k8s.KubernetesClientConfiguration", "get_JsonSerializerOptions"),
        ("k8s.KubernetesJson", null), // Serialize, Deserialize, AddJsonOptions: all through the context
        ("k8s.KubernetesYaml", null),
        ("k8s.SourceGenerationContext", null),
    ];

    [Fact]
    public void ShippedAssemblies_NeverReachKubernetesClientsSerializerContext()
    {
        var assemblies = Directory.EnumerateFiles(AppContext.BaseDirectory, "Doomsday.*.dll")
            .Where(f => !Path.GetFileName(f).Contains(".Tests", StringComparison.Ordinal) && !Path.GetFileName(f).StartsWith("Doomsday.Testing", StringComparison.Ordinal))
            .ToList();
        Assert.Contains(assemblies, f => Path.GetFileName(f) == "Doomsday.Core.dll");

        var found = assemblies.SelectMany(f => ForbiddenReferences(f).Select(r => $"{Path.GetFileName(f)}: {r}")).ToList();

        Assert.True(found.Count == 0, "reaches KubernetesClient's serializer context:\n" + string.Join("\n", found));
    }

    [Fact]
    public void ForbiddenReferences_AssemblyThatSerializesThroughTheClient_Found()
    {
        // The check itself can fail: this test assembly holds such a reference (SerializeThroughTheClient).
        var found = ForbiddenReferences(typeof(ClusterApiClientTests).Assembly.Location).ToList();

        Assert.Equal(["k8s.KubernetesJson::Serialize"], found);
    }

    /// <summary>Never called: the reference <see cref="ForbiddenReferences_AssemblyThatSerializesThroughTheClient_Found"/> finds.</summary>
    private static string SerializeThroughTheClient(object value) => k8s.KubernetesJson.Serialize(value);

    /// <summary>Every member reference of <paramref name="path"/> that <see cref="Forbidden"/> names.</summary>
    private static IEnumerable<string> ForbiddenReferences(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var md = pe.GetMetadataReader();
        var seen = new List<string>();
        foreach (var handle in md.MemberReferences)
        {
            var member = md.GetMemberReference(handle);
            var type = member.Parent.Kind switch
            {
                HandleKind.TypeReference => Name(md, md.GetTypeReference((TypeReferenceHandle)member.Parent)),
                _ => null,
            };
            if (type is null) continue;
            var name = md.GetString(member.Name);
            if (Forbidden.Any(f => f.Type == type && (f.Member is null || f.Member == name))) seen.Add($"{type}::{name}");
        }
        return seen.Distinct();
    }

    private static string Name(MetadataReader md, TypeReference t) => $"{md.GetString(t.Namespace)}.{md.GetString(t.Name)}";
}
