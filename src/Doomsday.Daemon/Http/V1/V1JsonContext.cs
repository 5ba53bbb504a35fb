using System.Text.Json.Serialization;

namespace Doomsday.Daemon.Http.V1;

/// <summary>Source-generated JSON for what the HTTP host writes itself (error bodies): no reflection, NativeAOT-safe.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(V1Error))]
internal sealed partial class V1JsonContext : JsonSerializerContext;
