using System.Text.Json;
using System.Text.Json.Serialization;

namespace Doomsday.Daemon.Http.V1;

/// <summary>
/// The JSON code of every V1 DTO, generated at compile time (the native build has no reflection-based
/// serializer): what the server writes and reads, what the CLI's client sends, and the inventory
/// snapshots the store keeps. Web defaults (camelCase), the same as ASP.NET's own.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(V1Error))]
[JsonSerializable(typeof(V1Alert))]
[JsonSerializable(typeof(List<V1Alert>))]
[JsonSerializable(typeof(V1AckRequest))]
[JsonSerializable(typeof(V1Silence))]
[JsonSerializable(typeof(List<V1Silence>))]
[JsonSerializable(typeof(V1SilenceRequest))]
[JsonSerializable(typeof(V1Incident))]
[JsonSerializable(typeof(List<V1Incident>))]
[JsonSerializable(typeof(V1Inventory))]
[JsonSerializable(typeof(V1Findings))]
[JsonSerializable(typeof(List<V1Probe>))]
[JsonSerializable(typeof(V1Status))]
[JsonSerializable(typeof(V1IncidentEventRequest))]
public sealed partial class V1Json : JsonSerializerContext;
