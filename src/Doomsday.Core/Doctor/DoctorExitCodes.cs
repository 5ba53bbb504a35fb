using Doomsday.Core.Inventory;

namespace Doomsday.Core.Doctor;

/// <summary>doctor's exit codes follow scan's (docs/exit-codes.md): 0 nothing at or above --fail-on, 1 warning, 2 critical, 3 nothing read.</summary>
public static class DoctorExitCodes
{
    public static int For(DoctorReport report, int certificatesRead, FailOn failOn)
    {
        if (certificatesRead == 0) return ExitCodes.InputError;
        if (failOn == FailOn.Never || report.Worst is not { } worst || worst == FindingSeverity.Info) return ExitCodes.Ok;
        if (worst == FindingSeverity.Warning) return failOn == FailOn.Warning ? ExitCodes.Warning : ExitCodes.Ok;
        return ExitCodes.Critical;
    }
}
