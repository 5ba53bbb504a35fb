using Doomsday.Core.Inventory;

namespace Doomsday.Core.Doctor;

/// <summary>
/// doctor's exit codes follow scan's (docs/exit-codes.md): 0 nothing at or above --fail-on, 1 the worst
/// finding is a warning, 2 critical or emergency, 3 nothing read. <c>--fail-on</c> ranks findings on the
/// one severity scale (docs/severity.md), with a certificate that is expired or not yet valid ranking
/// above emergency, as scan ranks it.
/// </summary>
public static class DoctorExitCodes
{
    public static int For(DoctorReport report, int certificatesRead, FailOn failOn)
    {
        if (certificatesRead == 0) return ExitCodes.InputError;
        if (failOn == FailOn.Never || report.Worst is not { } worst || worst == FindingSeverity.Info) return ExitCodes.Ok;
        if (report.Findings.Max(Rank) < (int)failOn) return ExitCodes.Ok;
        return worst == FindingSeverity.Warning ? ExitCodes.Warning : ExitCodes.Critical;
    }

    /// <summary>The <see cref="FailOn"/> level a finding reaches.</summary>
    private static int Rank(Finding f) => f.Severity switch
    {
        FindingSeverity.Info => 0,
        FindingSeverity.Warning => (int)FailOn.Warning,
        FindingSeverity.Critical => (int)FailOn.Critical,
        _ => f.Id is FindingIds.CertificateExpired or FindingIds.NotYetValid ? (int)FailOn.Expired : (int)FailOn.Emergency,
    };
}
