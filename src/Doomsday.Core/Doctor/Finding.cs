namespace Doomsday.Core.Doctor;

/// <summary>One fact that supports a finding: a file, an endpoint, a fingerprint, a date.</summary>
public sealed record Evidence(string Label, string Value);

/// <summary>
/// One step of a runbook: what to do, the exact command when there is one (a line a person pastes into
/// bash, without placeholders), and where to run it (<see cref="Runbooks.RunOn"/>; null when anywhere will do).
/// <see cref="Stage"/> and <see cref="Target"/> say what the step does for a consolidated plan
/// (<see cref="Plans.DoctorPlanner"/>); the runbook library's builders set them, a step without a stage is
/// specific to its finding and keeps that finding out of the plan.
/// </summary>
/// <param name="Target">What the stage acts on: the kubeadm name for <see cref="Plans.PlanStage.Renew"/>, the component
/// (static pod name or <c>kubelet</c>) for <see cref="Plans.PlanStage.Restart"/> and <see cref="Plans.PlanStage.Hold"/>.</param>
public sealed record RunbookStep(string Description, string? Command = null, string? On = null, Plans.PlanStage? Stage = null, string? Target = null);

/// <summary>The ordered steps that fix a finding on a kubeadm node, and how to verify the fix.</summary>
public sealed record Runbook(IReadOnlyList<RunbookStep> Steps, IReadOnlyList<RunbookStep> Verify)
{
    public static readonly Runbook None = new([], []);
}

/// <summary>
/// A problem an expiry date alone does not show. <see cref="Id"/> is one of <see cref="FindingIds"/>;
/// <see cref="Subject"/> names the thing it is about (a component, a file, a kubeconfig entry).
/// </summary>
public sealed record Finding(
    string Id,
    FindingSeverity Severity,
    string Subject,
    string Summary,
    IReadOnlyList<Evidence> Evidence,
    Runbook Runbook);

/// <summary>A check that could not run, and why (a component that did not answer, a file that is not there).</summary>
public sealed record SkippedCheck(string Check, string Subject, string Reason);
