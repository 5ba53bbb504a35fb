namespace Doomsday.Core.Doctor.Plans;

/// <summary>
/// One step of a consolidated plan: a runbook step (with its <c>on</c>) that several findings share, done
/// once. <see cref="Findings"/> are the positions, from 0, of the findings it serves in
/// <see cref="DoctorReport.Ordered"/> (the order of every output).
/// </summary>
public sealed record PlanStep(PlanStage Stage, RunbookStep Step, IReadOnlyList<int> Findings)
{
    /// <summary>The component a restart acts on; null for the other stages.</summary>
    public string? Component => Stage == PlanStage.Restart ? Step.Target : null;
}

/// <summary>
/// A component the plan does not restart: findings <see cref="HeldBy"/> say a restart would load something
/// worse than what runs. <see cref="ContradictedBy"/> are the findings whose own runbook would restart it:
/// the findings contradict each other, and the plan says so instead of choosing.
/// </summary>
public sealed record PlanHold(string Component, IReadOnlyList<int> HeldBy, IReadOnlyList<int> ContradictedBy);

/// <summary>
/// What to do, once, for findings that share fixes: backups, renewals (<c>kubeadm certs renew all</c> when
/// that is exactly what is needed), installs, restarts once per component in kubeadm's order with the
/// kubelet last, then the verifications. <see cref="Planned"/> are the findings the steps fully cover;
/// <see cref="Separate"/> have steps of their own (diagnosis, decisions) and are followed on their own.
/// </summary>
public sealed record DoctorPlan(IReadOnlyList<PlanStep> Steps, IReadOnlyList<PlanHold> Holds, IReadOnlyList<int> Planned, IReadOnlyList<int> Separate)
{
    /// <summary>The plan steps (numbered from 1) that serve finding <paramref name="index"/>.</summary>
    public IReadOnlyList<int> StepsFor(int index) =>
        Steps.Select((s, i) => (s, n: i + 1)).Where(x => x.s.Findings.Contains(index)).Select(x => x.n).ToList();

    /// <summary>Whether finding <paramref name="index"/> is fully served by the plan (its own runbook need not be printed again).</summary>
    public bool Covers(int index) => Planned.Contains(index) && !Holds.Any(h => h.ContradictedBy.Contains(index));
}
