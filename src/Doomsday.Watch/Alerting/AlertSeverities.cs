using Doomsday.Core.Certificates;

namespace Doomsday.Watch.Alerting;

/// <summary>
/// Orders alert severities so the engine can tell an escalation: the certificate severities of
/// <see cref="SeverityNames"/> (warning &lt; critical &lt; emergency &lt; not_yet_valid &lt; expired), with
/// <c>info</c> (doctor findings) and any unknown string lowest.
/// </summary>
public static class AlertSeverities
{
    /// <summary>The severities every metrics snapshot lists, <c>0</c> included.</summary>
    public static readonly IReadOnlyList<string> Known = ["info", "warning", "critical", "emergency", "not_yet_valid", "expired"];

    public static int Rank(string? severity) =>
        severity is not null && SeverityNames.TryParse(severity, out var s) ? (int)s : 0;
}
