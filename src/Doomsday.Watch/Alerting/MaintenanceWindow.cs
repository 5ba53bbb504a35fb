using Doomsday.Core.Configuration;
using Doomsday.Core.Configuration.Rules;
using Doomsday.Watch.Configuration;
using Doomsday.Watch.Configuration.Rules;

namespace Doomsday.Watch.Alerting;

/// <summary>
/// A planned period in which matching alerts are still tracked and logged but not notified.
/// <see cref="Labels"/> empty: everything; otherwise each must match as route labels do (literal or <c>~regex</c>).
/// </summary>
public sealed record MaintenanceWindow : IConfigValidated
{
    public required string Name { get; init; }
    public required DateTimeOffset Start { get; init; }
    public required DateTimeOffset End { get; init; }
    [LabelNames, LabelPattern]
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IEnumerable<ConfigProblem> Validate()
    {
        if (End <= Start) yield return new ConfigProblem("end", ConfigErrorCodes.InvalidValue, "a maintenance window must end after it starts");
    }
}
