using System.Text.Json;
using System.Text.Json.Serialization;
using Doomsday.Daemon.Http.V1;

namespace Doomsday.Daemon.Client;

/// <summary>
/// The client's JSON, generated at compile time (no reflection: NativeAOT-safe). Web defaults, as the server
/// writes: camelCase names, read case-insensitively.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(V1Error))]
[JsonSerializable(typeof(V1Silence))]
[JsonSerializable(typeof(List<V1Silence>))]
[JsonSerializable(typeof(V1SilenceRequest))]
[JsonSerializable(typeof(V1AckRequest))]
[JsonSerializable(typeof(V1Alert))]
[JsonSerializable(typeof(List<V1Alert>))]
[JsonSerializable(typeof(V1Incident))]
[JsonSerializable(typeof(List<V1Incident>))]
[JsonSerializable(typeof(V1Status))]
[JsonSerializable(typeof(V1IncidentEventRequest))]
public sealed partial class DaemonApiJson : JsonSerializerContext;
