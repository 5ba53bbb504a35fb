using System.Globalization;
using Doomsday.Core.Certificates;

namespace Doomsday.Core.Inventory;

/// <summary>Counts over one scan, kept as the scan streams so no certificate has to be held.</summary>
public sealed class ScanSummary
{
    private readonly int[] _bySeverity = new int[Enum.GetValues<Severity>().Length];
    private readonly Dictionary<string, int> _errorsByReason = new(StringComparer.Ordinal);
    // The first 128 bits of each SHA-256 fingerprint: 16 bytes a certificate instead of a 64-character string.
    private readonly HashSet<UInt128> _fingerprints = [];

    public int Certificates { get; private set; }

    /// <summary>Certificates counted once however many places hold them (by SHA-256 fingerprint).</summary>
    public int Distinct => _fingerprints.Count;
    public int Errors { get; private set; }
    public Severity Worst { get; private set; } = Severity.Ok;
    public DateTimeOffset? NextExpiry { get; private set; }

    public int Count(Severity s) => _bySeverity[(int)s];
    public IReadOnlyDictionary<string, int> ErrorsByReason => _errorsByReason;

    /// <summary>The counts of a whole inventory judged at <paramref name="now"/>.</summary>
    public static ScanSummary Of(CollectingSink inventory, Thresholds thresholds, DateTimeOffset now) =>
        Of(inventory.Certificates.Select(c => EvaluatedCertificate.Evaluate(c, thresholds, now)), inventory.Errors);

    /// <summary>The summary of certificates already evaluated (a caller that also renders them) and the read errors.</summary>
    public static ScanSummary Of(IEnumerable<EvaluatedCertificate> evaluated, IEnumerable<SourceError> errors)
    {
        var summary = new ScanSummary();
        foreach (var c in evaluated) summary.Record(c);
        foreach (var e in errors) summary.Record(e);
        return summary;
    }

    public void Record(EvaluatedCertificate c)
    {
        Certificates++;
        var fingerprint = c.Found.Certificate.FingerprintSha256;
        _fingerprints.Add(fingerprint.Length >= 32 && UInt128.TryParse(fingerprint.AsSpan(0, 32), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var key)
            ? key
            : (UInt128)(uint)StringComparer.Ordinal.GetHashCode(fingerprint));
        _bySeverity[(int)c.Severity]++;
        if (c.Severity > Worst) Worst = c.Severity;
        var notAfter = c.Found.Certificate.NotAfter;
        if (c.Severity != Severity.Expired && (NextExpiry is null || notAfter < NextExpiry)) NextExpiry = notAfter;
    }

    public void Record(SourceError e)
    {
        Errors++;
        _errorsByReason[e.Reason] = _errorsByReason.GetValueOrDefault(e.Reason) + 1;
    }
}
