using Doomsday.Core.Certificates;
using Doomsday.Core.Doctor;
using Doomsday.Core.Inventory;
using Doomsday.Daemon.Workers;
using Doomsday.Watch.Alerting;
using Doomsday.Watch.Probes;
using Doomsday.Watch.Store;

namespace Doomsday.Daemon.Http.V1;

/// <summary>Internal model → versioned DTOs. The only place that knows both.</summary>
internal static class V1Mapper
{
    public static V1Inventory Inventory(InventorySnapshot? s)
    {
        if (s is null) return new V1Inventory(null, [], []);
        var certificates = s.Certificates
            .Select(c => EvaluatedCertificate.Evaluate(c, s.Thresholds, s.ScannedAt))
            .OrderBy(c => c, Comparer<EvaluatedCertificate>.Create(EvaluatedCertificate.WorstFirst))
            .Select(e => Certificate(e, s.ScannedAt))
            .ToList();
        var errors = s.Errors.Select(e => new V1SourceError(e.Source.Display, e.Source.Kind, e.Reason, e.Message)).ToList();
        return new V1Inventory(s.ScannedAt, certificates, errors);
    }

    public static V1Findings Findings(InventorySnapshot? s) =>
        s is null
            ? new V1Findings(null, [])
            : new V1Findings(s.ScannedAt, s.Findings.Select(f => new V1Finding(f.Id, f.Severity.ToWire(), f.Subject, f.Summary,
                f.Evidence.Select(e => new V1Evidence(e.Label, e.Value)).ToList())).ToList());

    private static V1Certificate Certificate(EvaluatedCertificate e, DateTimeOffset now)
    {
        var c = e.Found.Certificate;
        return new V1Certificate(e.Found.Source.Display, e.Found.Source.Kind, e.Found.Name, c.Subject, c.Issuer, c.SerialNumber,
            c.FingerprintSha256, c.NotBefore, c.NotAfter, e.Severity.ToWire(), Math.Round((c.NotAfter - now).TotalSeconds), c.Sans.Dns, c.IsCa);
    }

    public static V1Probe Probe(ProbeStatus s) => new(
        s.Probe.Name, s.Probe.Kind, s.State.ToString().ToLowerInvariant(), s.StateSince, s.LastRunAt,
        s.LastResult?.Success, s.LastResult?.Duration.TotalSeconds, s.LastResult?.ReasonCode, s.LastResult?.Detail,
        s.ConsecutiveFailures, s.Probe.Interval.TotalSeconds, s.Probe.FailureThreshold);

    public static V1Alert Alert(AlertState s) => new(
        s.Fingerprint, s.Name, s.Labels, s.Severity, s.Status.ToString().ToLowerInvariant(), s.Summary, s.Detail,
        s.FirstSeenAt, s.FiringAt, s.ResolvedAt, s.LastNotifiedAt, s.SuppressedBy,
        s.Ack is { } a ? new V1Acknowledgement(a.By, a.Comment, a.At, a.ExpiresAt) : null);

    public static V1Silence Silence(Silence s, DateTimeOffset now) => new(
        s.Id, s.Matchers.Select(m => new V1Matcher(m.Name, m.Value, m.IsRegex, m.IsEqual)).ToList(), s.StartsAt, s.EndsAt, s.CreatedBy, s.Comment,
        s.IsActive(now) ? "active" : now < s.StartsAt ? "pending" : "expired");

    public static V1Incident Incident(Incident i) => new(
        i.Id, i.Fingerprint, i.AlertName, i.OpenedAt, i.ResolvedAt,
        i.Events.Select(e => new V1IncidentEvent(e.At, e.Kind, e.Detail, e.Notifier, e.NotificationId)).ToList());
}
