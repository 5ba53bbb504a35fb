using Doomsday.Core.Certificates;

namespace Doomsday.Watch.Renewal;

/// <summary>How a renewal ended. Each has its exit code (<see cref="RenewalExitCodes"/>) and wire name (docs/renew.md).</summary>
public enum RenewalOutcome
{
    /// <summary>A dry run: the plan was shown, nothing was written.</summary>
    Planned,
    /// <summary><c>--if-due</c> and nothing of the selection is within the warning threshold: nothing done.</summary>
    NothingDue,
    /// <summary>Refused before anything was written (preflight, lock, external CA, not confirmed).</summary>
    Refused,
    /// <summary>Renewed, every component restarted and verified serving the new certificates.</summary>
    Renewed,
    /// <summary>A step failed and what it changed was put back and verified; the report says what state the node is in.</summary>
    RolledBack,
    /// <summary>A step failed and could not be undone here (or undoing would not help): the node needs hands now.</summary>
    NeedsAttention,
}

public static class RenewalOutcomes
{
    public static string ToWire(this RenewalOutcome o) => o switch
    {
        RenewalOutcome.Planned => "planned",
        RenewalOutcome.NothingDue => "nothing-due",
        RenewalOutcome.Refused => "refused",
        RenewalOutcome.Renewed => "renewed",
        RenewalOutcome.RolledBack => "rolled-back",
        _ => "needs-attention",
    };
}

/// <summary><c>doomsday renew</c>'s exit codes. Public contract (docs/exit-codes.md).</summary>
public static class RenewalExitCodes
{
    public const int Ok = 0;
    public const int Refused = 2;
    public const int InputError = Core.Inventory.ExitCodes.InputError;
    public const int RolledBack = 4;
    public const int NeedsAttention = 5;

    public static int For(RenewalOutcome outcome) => outcome switch
    {
        RenewalOutcome.Planned or RenewalOutcome.NothingDue or RenewalOutcome.Renewed => Ok,
        RenewalOutcome.Refused => Refused,
        RenewalOutcome.RolledBack => RolledBack,
        _ => NeedsAttention,
    };
}

/// <summary>One certificate before and after.</summary>
public sealed record RenewedCertificate(string Name, string File, CertificateInfo Old, CertificateInfo New);

public enum ComponentStatus
{
    /// <summary>Restarted and seen serving the renewed certificates.</summary>
    Verified,
    /// <summary>Did not come back healthy; its previous files were restored and it was seen serving them again.</summary>
    RolledBack,
    /// <summary>Did not come back healthy and could not be (or was not) rolled back.</summary>
    Failed,
    /// <summary>Not restarted: an earlier component failed.</summary>
    NotRestarted,
}

public static class ComponentStatuses
{
    public static string ToWire(this ComponentStatus s) => s switch
    {
        ComponentStatus.Verified => "verified",
        ComponentStatus.RolledBack => "rolled-back",
        ComponentStatus.Failed => "failed",
        _ => "not-restarted",
    };
}

public sealed record ComponentReport(
    string Pod,
    ComponentStatus Status,
    RestartOutcome? Restart,
    VerifyOutcome? Verify,
    RestartOutcome? RollbackRestart,
    VerifyOutcome? RollbackVerify,
    string? Note);

/// <summary>Everything a renewal did, stage by stage, for the table and the JSON document.</summary>
public sealed record RenewalReport(
    RenewalPlan Plan,
    RenewalOutcome Outcome,
    string? Failure,
    string? BackupDirectory,
    string? RestoreCommand,
    IReadOnlyList<RenewedCertificate> Renewed,
    IReadOnlyList<ComponentReport> Components,
    IReadOnlyList<string> Afterwards,
    IReadOnlyList<string> NodeState,
    IReadOnlyList<string> Transcript,
    DateTimeOffset StartedAt,
    TimeSpan Took)
{
    public int ExitCode => RenewalExitCodes.For(Outcome);
}

/// <summary>Stage-by-stage lines as they happen, so a long restart is never silent.</summary>
public interface IRenewalProgress
{
    void Stage(string stage, string line);
}
