using System.Text.Json;

namespace Doomsday.Core.Store;

/// <summary>The JSON options for documents stored in the database (camelCase, like the public JSON).</summary>
internal static class StoreJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
