using System.Text.Json.Serialization;

namespace Doomsday.Watch.Alerting;

/// <summary>Where an alert is in its life. Public contract: serialised as <c>pending</c>, <c>firing</c>, <c>resolved</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertStatus>))]
public enum AlertStatus
{
    /// <summary>Condition seen, not yet held for the route's <c>for</c>: never notified.</summary>
    [JsonStringEnumMemberName("pending")] Pending,
    [JsonStringEnumMemberName("firing")] Firing,
    [JsonStringEnumMemberName("resolved")] Resolved,
}
