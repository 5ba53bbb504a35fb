using System.Globalization;
using System.Text.Json;

namespace Doomsday.Core.Sources.Cluster;

/// <summary>Reads cert-manager <c>Certificate</c> lists, which come as untyped JSON (no model type in the client).</summary>
internal static class CertManagerCertificates
{
    public static string? Continue(object list) =>
        AsElement(list) is { } e && e.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object
            && m.TryGetProperty("continue", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;

    public static IEnumerable<CertManagerCertificate> Items(object list)
    {
        if (AsElement(list) is not { } e || !e.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array) yield break;
        foreach (var item in items.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object) continue;
            var meta = Child(item, "metadata");
            var spec = Child(item, "spec");
            var status = Child(item, "status");
            JsonElement? ready = null;
            if (status is { } s && Child(s, "conditions") is { ValueKind: JsonValueKind.Array } conditions)
            {
                ready = conditions.EnumerateArray().FirstOrDefault(c => c.ValueKind == JsonValueKind.Object && Text(c, "type") == "Ready") is { ValueKind: JsonValueKind.Object } r ? r : null;
            }
            yield return new CertManagerCertificate(
                meta is { } m1 ? Text(m1, "namespace") ?? "" : "",
                meta is { } m2 ? Text(m2, "name") ?? "" : "",
                spec is { } sp ? Text(sp, "secretName") : null,
                status is { } s1 ? Time(Text(s1, "notAfter")) : null,
                status is { } s2 ? Time(Text(s2, "renewalTime")) : null,
                ready is { } r1 ? Text(r1, "status") switch { "True" => true, "False" => false, _ => null } : null,
                ready is { } r2 ? Text(r2, "reason") : null,
                ready is { } r3 ? Text(r3, "message") : null);
        }
    }

    private static JsonElement? AsElement(object list) => list switch
    {
        JsonElement e when e.ValueKind == JsonValueKind.Object => e,
        JsonDocument d => d.RootElement,
        _ => null,
    };

    private static JsonElement? Child(JsonElement e, string name) =>
        e.TryGetProperty(name, out var c) && c.ValueKind == JsonValueKind.Object || (e.TryGetProperty(name, out c) && c.ValueKind == JsonValueKind.Array) ? c : null;

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
