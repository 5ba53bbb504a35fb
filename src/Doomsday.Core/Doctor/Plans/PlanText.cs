namespace Doomsday.Core.Doctor.Plans;

/// <summary>The words the terminal and Markdown reports share for a plan. Findings are numbered from 1, as printed.</summary>
public static class PlanText
{
    public static string Heading(PlanStep step) => step.Stage switch
    {
        PlanStage.Prepare => "prepare",
        PlanStage.Renew => "renew",
        PlanStage.Install => "install",
        PlanStage.Restart => $"restart {step.Component}",
        PlanStage.Verify => "verify",
        _ => step.Stage.ToWire(),
    };

    public static string Serves(PlanStep step) => "for " + Numbers(step.Findings);

    public static string Numbers(IEnumerable<int> indexes) => string.Join(" ", indexes.Select(i => $"#{i + 1}"));

    /// <summary>One line per component the plan does not restart, saying why and which findings contradict.</summary>
    public static IEnumerable<string> Holds(DoctorPlan plan)
    {
        foreach (var h in plan.Holds)
        {
            yield return h.ContradictedBy.Count == 0
                ? $"{h.Component}: not restarted by this plan: {Numbers(h.HeldBy)} says a restart now would load an older certificate; follow its own runbook"
                : $"{h.Component}: the findings contradict: {Numbers(h.ContradictedBy)} would restart or renew it, {Numbers(h.HeldBy)} says do NOT restart it yet. " +
                  $"No plan for {h.Component}: follow {Numbers(h.HeldBy)}'s runbook first, then run doctor again";
        }
    }

    public static string? Separate(DoctorPlan plan) =>
        plan.Separate.Count == 0 ? null : $"not in this plan, each with its own runbook below: {Numbers(plan.Separate)}";
}
