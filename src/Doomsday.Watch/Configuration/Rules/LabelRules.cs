using Doomsday.Core.Configuration;
using Doomsday.Core.Configuration.Rules;
using Doomsday.Core.Reporting;
using Doomsday.Watch.Alerting;
using Doomsday.Watch.Configuration;
using Doomsday.Watch.Probes;

namespace Doomsday.Watch.Configuration.Rules;

// The rules about alert and probe labels: they check with the alert engine's own label rules, so they live
// beside it in Doomsday.Watch (the other rule attributes are Doomsday.Core's, Configuration/Rules).

/// <summary>A label matcher value of a route or maintenance window (<see cref="LabelPattern"/>).</summary>
internal sealed class LabelPatternAttribute : FieldRuleAttribute
{
    public override (string Code, string Message)? Check(object value, string shown) =>
        value is string s && LabelPattern.Validate(s) is { } error ? (ConfigErrorCodes.InvalidValue, error) : null;
}

/// <summary>
/// A map of label names (Prometheus names: they become metric and Alertmanager labels). With
/// <see cref="ProbeLabels"/>, the names Doomsday sets itself on every probe series are refused too.
/// </summary>
internal sealed class LabelNamesAttribute : FieldRuleAttribute
{
    public bool ProbeLabels { get; init; }

    public override (string Code, string Message)? CheckKey(Type owner, string key)
    {
        if (LabelNames.Problem(key) is { } problem) return (ConfigErrorCodes.InvalidValue, problem);
        return ProbeLabels && ProbeMetricNames.Labels.All.Contains(key)
            ? (ConfigErrorCodes.InvalidValue, $"'{key}' is a label Doomsday sets itself on every probe")
            : null;
    }
}
