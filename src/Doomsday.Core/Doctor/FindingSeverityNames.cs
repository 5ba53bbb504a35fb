using Doomsday.Core.Certificates;

namespace Doomsday.Core.Doctor;

public static class FindingSeverityNames
{
    /// <summary>Public contract: the strings in JSON and markdown output.</summary>
    public static string ToWire(this FindingSeverity s) => s switch
    {
        FindingSeverity.Info => "info",
        FindingSeverity.Warning => "warning",
        FindingSeverity.Critical => "critical",
        FindingSeverity.Emergency => "emergency",
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };

    /// <summary>
    /// The severity of a finding about a certificate's own dates, as <see cref="Thresholds.Classify"/> rates them:
    /// the same word scan prints and watch alerts with (docs/severity.md). Expired and not yet valid are
    /// <see cref="FindingSeverity.Emergency"/>, the top of doctor's scale; null when the certificate is fine.
    /// </summary>
    public static FindingSeverity? OfExpiry(Severity s) => s switch
    {
        Severity.Ok => null,
        Severity.Warning => FindingSeverity.Warning,
        Severity.Critical => FindingSeverity.Critical,
        _ => FindingSeverity.Emergency,
    };
}
