using Doomsday.Core.Certificates;

namespace Doomsday.Core.Inventory;

/// <summary>Counts over one scan, kept as the scan streams so no certificate has to be held.</summary>
public sealed class ScanSummary
{
    private readonly int[] _bySeverity = new int[Enum.GetValues<Severity>().Length];
    private readonly Dictionary<string, int> _errorsByReason = new(StringComparer.Ordinal);

    public int Certificates { get; private set; }
    public int Errors { get; private set; }
    public Severity Worst { get; private set; } = Severity.Ok;
    public DateTimeOffset? NextExpiry { get; private set; }

    public int Count(Severity s) => _bySeverity[(int)s];
    public IReadOnlyDictionary<string, int> ErrorsByReason => _errorsByReason;

    public void Record(EvaluatedCertificate c)
    {
        Certificates++;
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
