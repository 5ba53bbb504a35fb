using System.Globalization;
using System.Text;
using Doomsday.Core.Reporting;

namespace Doomsday.Core.Probes;

/// <summary>
/// Renders probe statuses (<see cref="ProbeScheduler.Snapshot"/>) as Prometheus text exposition in
/// blackbox_exporter's style: one series per probe labelled <c>probe</c>, <c>kind</c> and the probe's
/// own labels. Probes that have not finished a run yet have only <c>doomsday_probe_down 0</c>.
/// Deterministic: families in a fixed order, series in name order. Appends to a builder so the daemon
/// can put certificate, probe and alert families in one response.
/// </summary>
public static class ProbeMetricsWriter
{
    public static void Write(StringBuilder output, IReadOnlyList<ProbeStatus> statuses)
    {
        var rows = statuses.OrderBy(s => s.Probe.Name, StringComparer.Ordinal).Select(s => (Status: s, Labels: LabelText(s.Probe))).ToList();
        var ran = rows.Where(r => r.Status.LastResult is not null).ToList();
        Family(output, ProbeMetricNames.Success, "Displays whether or not the probe was a success",
            ran.Select(r => (r.Labels, r.Status.LastResult!.Success ? "1" : "0")));
        Family(output, ProbeMetricNames.DurationSeconds, "Returns how long the probe took to complete in seconds",
            ran.Select(r => (r.Labels, Number(r.Status.LastResult!.Duration.TotalSeconds))));
        Family(output, ProbeMetricNames.HttpStatusCode, "Response HTTP status code",
            ran.Where(r => r.Status.LastResult!.HttpStatus is not null).Select(r => (r.Labels, Number(r.Status.LastResult!.HttpStatus!.Value))));
        Family(output, ProbeMetricNames.SslEarliestCertExpiry, "Returns last SSL chain expiry in unixtime",
            ran.Where(r => r.Status.LastResult!.Chain.Count > 0)
                .Select(r => (r.Labels, Number(r.Status.LastResult!.Chain.Min(c => c.NotAfter).ToUnixTimeSeconds()))));
        Family(output, ProbeMetricNames.Down, "1 while the target is held down after FailureThreshold failures in a row, else 0",
            rows.Select(r => (r.Labels, r.Status.State == ProbeState.Down ? "1" : "0")));
        Family(output, ProbeMetricNames.LastRunTimestampSeconds, "Unix time the latest probe run started",
            ran.Where(r => r.Status.LastRunAt is not null).Select(r => (r.Labels, Number(r.Status.LastRunAt!.Value.ToUnixTimeMilliseconds() / 1000.0))));
    }

    public static string Render(IReadOnlyList<ProbeStatus> statuses)
    {
        var sb = new StringBuilder();
        Write(sb, statuses);
        return sb.ToString();
    }

    /// <summary><c>probe</c>, <c>kind</c>, then the probe's labels by name; invalid, reserved (<c>__</c>) or clashing names are left out.</summary>
    private static string LabelText(ProbeOptions probe)
    {
        var labels = new List<(string, string)> { (ProbeMetricNames.Labels.Probe, probe.Name), (ProbeMetricNames.Labels.Kind, probe.Kind) };
        foreach (var (name, value) in probe.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            if (!Alerting.LabelNames.IsValid(name) || name.StartsWith("__", StringComparison.Ordinal) || ProbeMetricNames.Labels.All.Contains(name)) continue;
            labels.Add((name, value));
        }
        return PrometheusReportWriter.Render(labels);
    }

    private static void Family(StringBuilder sb, string name, string help, IEnumerable<(string Labels, string Value)> samples)
    {
        sb.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        sb.Append("# TYPE ").Append(name).Append(" gauge\n");
        foreach (var (labels, value) in samples) sb.Append(name).Append(labels).Append(' ').Append(value).Append('\n');
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
