using System.Text.Json;
using System.Text.Json.Serialization;

namespace Doomsday.Watch.Alerting;

/// <summary>The one JSON form of alert states and silences the store persists (camelCase; statuses as strings).</summary>
public static class AlertStateJson
{
    public static string Serialize(AlertState state) => JsonSerializer.Serialize(state, AlertStateJsonContext.Default.AlertState);

    public static AlertState Deserialize(string json) =>
        JsonSerializer.Deserialize(json, AlertStateJsonContext.Default.AlertState) ?? throw new JsonException("null alert state");

    public static string Serialize(Silence silence) => JsonSerializer.Serialize(silence, AlertStateJsonContext.Default.Silence);

    public static Silence DeserializeSilence(string json) =>
        JsonSerializer.Deserialize(json, AlertStateJsonContext.Default.Silence) ?? throw new JsonException("null silence");

    /// <summary>A silence's matchers as the store keeps them beside the silence's other columns.</summary>
    public static string SerializeMatchers(IReadOnlyList<SilenceMatcher> matchers) =>
        JsonSerializer.Serialize(matchers, AlertStateJsonContext.Default.IReadOnlyListSilenceMatcher);

    public static IReadOnlyList<SilenceMatcher> DeserializeMatchers(string json) =>
        JsonSerializer.Deserialize(json, AlertStateJsonContext.Default.IReadOnlyListSilenceMatcher) ?? [];
}

/// <summary>Compile-time JSON code for <see cref="AlertStateJson"/> (no reflection: the native build has none to spare).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AlertState))]
[JsonSerializable(typeof(Silence))]
[JsonSerializable(typeof(IReadOnlyList<SilenceMatcher>))]
internal sealed partial class AlertStateJsonContext : JsonSerializerContext;
