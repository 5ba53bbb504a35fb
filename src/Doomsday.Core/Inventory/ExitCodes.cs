using Doomsday.Core.Certificates;

namespace Doomsday.Core.Inventory;

/// <summary>Process exit codes of <c>scan</c> and <c>doctor</c>. Public contract (docs/exit-codes.md).</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Warning = 1;
    public const int Critical = 2;
    public const int InputError = 3;

    /// <summary>
    /// 3 when nothing could be read at all; otherwise 0 when the worst severity is below
    /// <paramref name="failOn"/>, 1 for warning, 2 for critical, emergency, expired and not yet valid.
    /// </summary>
    public static int For(ScanSummary summary, FailOn failOn)
    {
        if (summary.Certificates == 0) return InputError;
        var worst = summary.Worst;
        if (worst == Severity.Ok || failOn == FailOn.Never) return Ok;
        if (Rank(worst) < (int)failOn) return Ok;
        return worst == Severity.Warning ? Warning : Critical;
    }

    private static int Rank(Severity s) => s switch
    {
        Severity.Warning => (int)FailOn.Warning,
        Severity.Critical => (int)FailOn.Critical,
        Severity.Emergency => (int)FailOn.Emergency,
        _ => (int)FailOn.Expired, // expired and not yet valid
    };
}

/// <summary>The least severity that makes the exit code non-zero (<c>--fail-on</c>).</summary>
public enum FailOn
{
    Warning = 1,
    Critical = 2,
    Emergency = 3,
    Expired = 4,
    Never = 5,
}
