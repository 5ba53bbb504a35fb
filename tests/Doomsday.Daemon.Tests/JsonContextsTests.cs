using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Doomsday.Daemon.Http.V1;
using Doomsday.Watch.Alerting;

namespace Doomsday.Daemon.Tests;

/// <summary>
/// Every source-generated JSON context of Core and the daemon, found by reflection (a new context is covered
/// without being listed here). The source generator sets every <c>init</c> property from the JSON, and to
/// <c>null</c>/<c>default</c> when the member is absent, which throws away the property's initializer
/// (dotnet/runtime#84484, open): a request without <c>filter</c> once reached the silence endpoint with a null
/// list. Reflection-based JSON keeps the initializer; so must ours.
/// </summary>
public class JsonContextsTests
{
    private static readonly Assembly[] Assemblies = [typeof(AlertState).Assembly, typeof(V1Json).Assembly];

    public static TheoryData<string> Contexts()
    {
        var data = new TheoryData<string>();
        foreach (var type in ContextTypes()) data.Add(type.FullName!);
        return data;
    }

    [Fact]
    public void Contexts_CoreAndDaemon_AreFound()
    {
        var names = ContextTypes().Select(t => t.Name).ToList();

        Assert.Contains(nameof(V1Json), names);
        Assert.Contains("AlertStateJsonContext", names);
        Assert.Contains("StoreJson", names);
    }

    [Theory]
    [MemberData(nameof(Contexts))]
    public void Deserialize_OptionalMembersAbsent_KeepTheirInitializers(string contextName)
    {
        var lost = new List<string>();
        foreach (var info in ObjectTypeInfos(contextName))
        {
            if (info.Type.GetConstructor(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, Type.EmptyTypes) is null) continue;
            // A fresh object holds every initializer; the JSON that keeps only its required members must read back to it.
            var fresh = Activator.CreateInstance(info.Type, nonPublic: true)!;
            var full = JsonSerializer.Serialize(fresh, info);
            var requiredOnly = new JsonObject();
            var written = JsonNode.Parse(full)!.AsObject();
            foreach (var property in info.Properties.Where(p => p.IsRequired))
                requiredOnly[property.Name] = written[property.Name]?.DeepClone();

            var back = JsonNode.Parse(JsonSerializer.Serialize(JsonSerializer.Deserialize(requiredOnly.ToJsonString(), info), info))!.AsObject();

            lost.AddRange(written.Where(p => !JsonNode.DeepEquals(p.Value, back[p.Key])).Select(p => $"{info.Type.Name}.{p.Key}: {p.Value?.ToJsonString() ?? "null"} read back as {back[p.Key]?.ToJsonString() ?? "null"}"));
        }

        Assert.Empty(lost);
    }

    [Fact]
    public void Deserialize_SilenceRequestWithoutFilter_HasAnEmptyFilter()
    {
        var request = JsonSerializer.Deserialize("""{"matchers":[{"name":"alertname","value":"X"}],"duration":"2h"}""", V1Json.Default.V1SilenceRequest)!;

        Assert.Empty(request.Filter);
        Assert.Equal("", request.Comment);
        Assert.True(Assert.Single(request.Matchers).IsEqual);
    }

    private static IEnumerable<Type> ContextTypes() =>
        Assemblies.SelectMany(a => a.GetTypes()).Where(t => t.IsSubclassOf(typeof(JsonSerializerContext)) && !t.IsAbstract).OrderBy(t => t.FullName);

    private static IEnumerable<JsonTypeInfo> ObjectTypeInfos(string contextName)
    {
        var type = ContextTypes().Single(t => t.FullName == contextName);
        var context = (JsonSerializerContext)type.GetProperty("Default", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => typeof(JsonTypeInfo).IsAssignableFrom(p.PropertyType))
            .Select(p => (JsonTypeInfo)p.GetValue(context)!)
            .Where(i => i.Kind == JsonTypeInfoKind.Object);
    }
}
