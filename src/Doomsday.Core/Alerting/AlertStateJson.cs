using System.Text.Json;

namespace Doomsday.Core.Alerting;

/// <summary>The one JSON form of alert states and silences the store persists (camelCase; statuses as strings).</summary>
public static class AlertStateJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Serialize(AlertState state) => JsonSerializer.Serialize(state, Options);

    public static AlertState Deserialize(string json) =>
        JsonSerializer.Deserialize<AlertState>(json, Options) ?? throw new JsonException("null alert state");

    public static string Serialize(Silence silence) => JsonSerializer.Serialize(silence, Options);

    public static Silence DeserializeSilence(string json) =>
        JsonSerializer.Deserialize<Silence>(json, Options) ?? throw new JsonException("null silence");
}
