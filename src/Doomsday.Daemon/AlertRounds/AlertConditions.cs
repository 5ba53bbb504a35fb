using Doomsday.Core.Certificates;
using Doomsday.Core.Doctor;
using Doomsday.Core.Inventory;
using Doomsday.Daemon.Workers;
using Doomsday.Watch.Alerting;
using Doomsday.Watch.Probes;
using L = Doomsday.Daemon.AlertRounds.DaemonAlertNames.Labels;

namespace Doomsday.Daemon.AlertRounds;

/// <summary>
/// What is wrong right now, as the alert engine wants it: probes held down, and certificates of the last
/// inventory judged at this instant (so severity moves with the clock between scans). Labels hold only
/// what identifies the thing (never a remaining time), so fingerprints stay stable round after round.
/// </summary>
internal static class AlertConditions
{
    /// <param name="heldSources">The sources of the alerts the engine holds now: a certificate alert whose
    /// place was readable this scan resolves when its certificate is gone or fine again; one whose place had a
    /// read error keeps its state. Likewise a doctor alert resolves only when its input was read
    /// (<see cref="DoctorSources"/>).</param>
    public static AlertRound Build(IReadOnlyList<ProbeStatus> probes, InventorySnapshot? inventory, DateTimeOffset now, IEnumerable<string> heldSources)
    {
        var conditions = new List<AlertCondition>();
        var evaluated = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in probes)
        {
            // Unknown (just started or just changed): not evaluated, so an alert from before a restart is neither resolved nor re-raised yet.
            if (p.State == ProbeState.Unknown) continue;
            var source = DaemonAlertNames.ProbeSource(p.Probe.Name);
            evaluated.Add(source);
            if (p.State == ProbeState.Down) conditions.Add(Probe(p, source));
        }
        if (inventory is not null)
        {
            var errorKeys = inventory.Errors.Select(e => CertificateLocations.ErrorKey(e.Source)).Distinct(StringComparer.Ordinal).ToList();
            var reads = inventory.DoctorReads;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var found in inventory.Certificates)
            {
                var e = EvaluatedCertificate.Evaluate(found, inventory.Thresholds, now);
                if (e.Severity == Severity.Ok) continue;
                var condition = Certificate(e, now);
                if (seen.Add(condition.Fingerprint)) conditions.Add(condition);
            }
            foreach (var source in heldSources)
            {
                if (source.StartsWith(CertificateLocations.Prefix, StringComparison.Ordinal))
                {
                    if (!errorKeys.Any(k => CertificateLocations.Covers(k, source))) evaluated.Add(source);
                }
                // Alerts stored before sources were per place: resolvable only by a scan without any read error.
                else if (source == DaemonAlertNames.CertificatesSource && errorKeys.Count == 0) evaluated.Add(source);
                else if (source.StartsWith(DoctorSources.Prefix, StringComparison.Ordinal))
                {
                    if (DoctorSources.Evaluated(source, reads)) evaluated.Add(source);
                }
                // Doctor alerts stored before sources were per input: resolvable only when every input was read.
                else if (source == DaemonAlertNames.DoctorSource && reads.Local && reads.TargetsResolved && reads.FullyRead.Count == reads.Attempted.Count) evaluated.Add(source);
            }
            conditions.AddRange(inventory.Findings.Where(Raises).Select(f => FindingCondition(f, reads)));
            conditions.AddRange(SourceUnreadableConditions.From(inventory.Errors));
            evaluated.Add(DaemonAlertNames.InventorySource);
        }
        return new AlertRound(conditions, evaluated);
    }

    /// <summary>
    /// Doctor findings of severity warning or worse, except the expiry ones: each certificate's expiry is
    /// already a <see cref="DaemonAlertNames.CertificateExpiry"/> alert on the escalation schedule.
    /// </summary>
    private static bool Raises(Finding f) =>
        f.Severity >= FindingSeverity.Warning && !DaemonAlertNames.FindingsCoveredByExpiry.Contains(f.Id);

    private static AlertCondition FindingCondition(Finding f, DoctorReads reads) => new()
    {
        Name = DaemonAlertNames.DoctorFinding,
        Source = DoctorSources.SourceOf(f, reads),
        Labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [L.Finding] = f.Id,
            [L.Subject] = f.Subject,
        },
        Severity = f.Severity.ToWire(),
        Summary = f.Summary,
        Detail = string.Join("\n", f.Evidence.Select(e => $"{e.Label}: {e.Value}")),
        Runbook = RunbookText(f.Runbook),
    };

    /// <summary>The runbook as numbered plain-text steps (notifications carry it in the <c>runbook</c> annotation).</summary>
    private static string? RunbookText(Runbook runbook)
    {
        if (runbook.Steps.Count == 0 && runbook.Verify.Count == 0) return null;
        var b = new System.Text.StringBuilder();
        var n = 0;
        foreach (var step in runbook.Steps) b.Append(++n).Append(". ").Append(Line(step)).Append('\n');
        foreach (var step in runbook.Verify) b.Append("Verify: ").Append(Line(step)).Append('\n');
        return b.ToString().TrimEnd('\n');
    }

    private static string Line(RunbookStep step) =>
        step.Description + (step.On is null ? "" : $" ({Core.Doctor.Runbooks.RunOn.Describe(step.On)})") + (step.Command is null ? "" : ": " + step.Command);

    private static AlertCondition Probe(ProbeStatus p, string source)
    {
        var labels = new Dictionary<string, string>(p.Probe.Labels, StringComparer.Ordinal)
        {
            [L.Probe] = p.Probe.Name,
            [L.Kind] = p.Probe.Kind,
        };
        // As blackbox_exporter's relabelling gives it, so {{ $labels.instance }} names the target; a probe's own instance label wins.
        labels.TryAdd(L.Instance, p.Probe.Target);
        var reason = p.LastResult is { Success: false } r ? r.ReasonCode ?? "failed" : "failed";
        return new AlertCondition
        {
            Name = DaemonAlertNames.ProbeDown,
            Source = source,
            Labels = labels,
            Severity = p.Probe.Severity,
            Summary = $"{p.Probe.Kind} probe {p.Probe.Name} is down ({reason})",
            Detail = p.LastResult is { Success: false } failed ? failed.Detail : "",
        };
    }

    private static AlertCondition Certificate(EvaluatedCertificate e, DateTimeOffset now)
    {
        var c = e.Found.Certificate;
        var where = e.Found.Source.Display;
        var subject = c.SubjectCommonName ?? c.Subject;
        var left = c.NotAfter - now;
        var summary = e.Severity switch
        {
            Severity.Expired => $"certificate {subject} at {where} expired {Durations.FormatResidual(-left)} ago ({c.NotAfter:yyyy-MM-dd HH:mm} UTC)",
            Severity.NotYetValid => $"certificate {subject} at {where} is not valid before {c.NotBefore:yyyy-MM-dd HH:mm} UTC",
            _ => $"certificate {subject} at {where} expires in {Durations.FormatResidual(left)} ({c.NotAfter:yyyy-MM-dd HH:mm} UTC)",
        };
        return new AlertCondition
        {
            Name = DaemonAlertNames.CertificateExpiry,
            Source = CertificateLocations.SourceOf(e.Found.Source),
            Labels = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [L.Source] = where,
                [L.Subject] = subject,
                [L.Serial] = c.SerialNumber,
            },
            Severity = e.Severity.ToWire(),
            Summary = summary,
            Detail = e.Found.UsedBy.Count > 0 ? "used by " + string.Join(", ", e.Found.UsedBy) : "",
            NotAfter = c.NotAfter,
        };
    }
}
