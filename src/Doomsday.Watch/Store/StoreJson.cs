using System.Text.Json;
using System.Text.Json.Serialization;
using Doomsday.Watch.Notifiers;

namespace Doomsday.Watch.Store;

/// <summary>The JSON of documents stored in the database (camelCase, like the public JSON), generated at compile time.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Notification))]
internal sealed partial class StoreJson : JsonSerializerContext;
