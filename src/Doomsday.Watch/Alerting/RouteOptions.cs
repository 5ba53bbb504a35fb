using Doomsday.Core.Configuration.Rules;
using Doomsday.Watch.Configuration.Rules;

namespace Doomsday.Watch.Alerting;

/// <summary>
/// Which alerts go to which notifiers. An alert matches when its severity is in
/// <see cref="Severities"/> (empty: any) and every label in <see cref="Labels"/> equals the alert's
/// (value may be a regex anchored at both ends, as Alertmanager's <c>=~</c>, when written <c>~regex</c>).
/// Routes are tried in order; the first match wins unless it says <see cref="Continue"/>.
/// </summary>
public sealed record RouteOptions
{
    public required IReadOnlyList<string> Notifiers { get; init; }
    [Severity]
    public IReadOnlyList<string> Severities { get; init; } = [];
    [LabelNames, LabelPattern]
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public bool Continue { get; init; }

    /// <summary>How long a condition must hold before the alert fires (<c>for</c>).</summary>
    public TimeSpan? For { get; init; }
}
