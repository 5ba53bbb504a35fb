namespace Doomsday.Core.Doctor.Plans;

/// <summary>
/// What a runbook step does, for the consolidated plan. The plan runs the stages in this order; public
/// contract: the wire names (<see cref="PlanStageNames"/>) are the <c>stage</c> field of doctor's JSON
/// (docs/json-output.md).
/// </summary>
public enum PlanStage
{
    /// <summary>Before any change: a backup.</summary>
    Prepare,
    /// <summary><c>kubeadm certs renew NAME</c>; the target is NAME.</summary>
    Renew,
    /// <summary>Put a file in place or edit one (a kubeconfig copy, an embedded CA).</summary>
    Install,
    /// <summary>Make a component load what is on disk; the target is the component.</summary>
    Restart,
    /// <summary>Show that the fix took.</summary>
    Verify,
    /// <summary>Explains the steps around it; the plan has its own explanations and leaves it out.</summary>
    Note,
    /// <summary>Do NOT restart the target: the plan restarts nothing of that component and says why.</summary>
    Hold,
}

public static class PlanStageNames
{
    public static string ToWire(this PlanStage stage) => stage switch
    {
        PlanStage.Prepare => "prepare",
        PlanStage.Renew => "renew",
        PlanStage.Install => "install",
        PlanStage.Restart => "restart",
        PlanStage.Verify => "verify",
        PlanStage.Note => "note",
        PlanStage.Hold => "hold",
        _ => throw new ArgumentOutOfRangeException(nameof(stage)),
    };
}
