using Doomsday.Core.Certificates;
using Doomsday.Core.Doctor;
using Doomsday.Core.Inventory;
using Doomsday.Daemon.Workers;

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
}
