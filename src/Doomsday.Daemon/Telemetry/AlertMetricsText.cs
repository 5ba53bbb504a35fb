using System.Text;
using Doomsday.Core.Reporting;
using Doomsday.Watch.Alerting;

namespace Doomsday.Daemon.Telemetry;

/// <summary>The engine's alert series (names: Watch.Alerting.AlertMetricNames) as exposition text, one HELP/TYPE per family.</summary>
internal static class AlertMetricsText
{
    private static readonly Dictionary<string, string> Help = new(StringComparer.Ordinal)
    {
        [AlertMetricNames.Alerts] = "Alerts not resolved, per state (pending, firing, suppressed) and severity",
        [AlertMetricNames.Silences] = "Silences per state (active, pending = starts later)",
    };

    public static void Write(StringBuilder sb, IReadOnlyList<AlertMetricSample> samples, ExtraLabels? extra = null)
    {
        var global = extra ?? ExtraLabels.None;
        foreach (var family in samples.GroupBy(s => s.Name))
        {
            DaemonMetrics.Family(sb, family.Key, Exposition.Gauge, Help.GetValueOrDefault(family.Key, family.Key),
                family.Select(s => (Exposition.Labels(s.Labels.Select(l => (l.Key, l.Value)), global.Without(s.Labels.Select(l => l.Key))), s.Value)));
        }
    }
}
