using Doomsday.Core.Doctor.Runbooks;

namespace Doomsday.Core.Doctor.Plans;

/// <summary>
/// Builds the consolidated plan from the findings' runbooks, by what each step is (<see cref="RunbookStep.Stage"/>,
/// <see cref="RunbookStep.Target"/>, <see cref="RunbookStep.On"/>, set by the runbook library), never by the
/// wording of a command. A plan exists when at least <see cref="MinimumFindings"/> findings can be served by
/// it, or when findings contradict each other (docs/findings.md, "The plan").
/// </summary>
public static class DoctorPlanner
{
    /// <summary>
    /// One finding's runbook is its plan already; from two on, the order across findings matters (every renewal
    /// before any restart, each component restarted once, after what it depends on), and that is what a person
    /// woken at night cannot work out from separate runbooks.
    /// </summary>
    public const int MinimumFindings = 2;

    public static DoctorPlan? For(DoctorReport report) => Build(report.Ordered(), report.RenewableOnNode);

    /// <param name="findings">In the order every output prints them; plan steps refer to positions in it.</param>
    /// <param name="renewableOnNode">The names <c>kubeadm certs renew all</c> would renew on this node (<see cref="Kubeadm.RenewAll"/>).</param>
    public static DoctorPlan? Build(IReadOnlyList<Finding> findings, IReadOnlySet<string> renewableOnNode)
    {
        var planned = new List<int>();
        var separate = new List<int>();
        var heldBy = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < findings.Count; i++)
        {
            var steps = findings[i].Runbook.Steps;
            if (steps.Count == 0) continue;
            var holds = steps.Where(s => s.Stage == PlanStage.Hold && s.Target is not null).Select(s => s.Target!).Distinct().ToList();
            foreach (var component in holds) Add(heldBy, component, i);
            // A finding with a hold, or with a step that is its own (no stage), is followed on its own.
            if (holds.Count == 0 && steps.All(s => s.Stage is not null)) planned.Add(i);
            else separate.Add(i);
        }

        var contradicted = heldBy.Keys.ToDictionary(c => c, _ => new List<int>(), StringComparer.Ordinal);
        var prepare = new Group();
        var renew = new Group();
        var install = new Group();
        var restart = new Group();
        var verify = new Group();
        foreach (var i in planned)
        {
            var runbook = findings[i].Runbook;
            foreach (var step in runbook.Steps.Concat(runbook.Verify.Select(v => v with { Stage = v.Stage ?? PlanStage.Verify })))
            {
                switch (step.Stage)
                {
                    case PlanStage.Prepare:
                        prepare.Add((step.Command ?? step.Description, step.On), step, i);
                        break;
                    case PlanStage.Renew when step.Target is { } name && Kubeadm.PodUsing(name) is { } pod && heldBy.ContainsKey(pod):
                        Add(contradicted, pod, i);
                        break;
                    case PlanStage.Renew:
                        renew.Add((step.Target ?? step.Command ?? step.Description, step.On), step, i);
                        break;
                    case PlanStage.Install:
                        install.Add((step.Target, step.Command ?? step.Description, step.On), step, i);
                        break;
                    case PlanStage.Restart when step.Target is { } component && heldBy.ContainsKey(component):
                        Add(contradicted, component, i);
                        break;
                    case PlanStage.Restart:
                        // One restart per component and place: its steps (move out, wait, move back, wait) once, in order.
                        restart.Add((step.Target, step.On, step.Command ?? step.Description), step, i);
                        break;
                    case PlanStage.Verify:
                        verify.Add((step.Command ?? step.Description, step.On), step, i);
                        break;
                }
            }
        }

        var holdsOut = heldBy.Select(h => new PlanHold(h.Key, h.Value, contradicted[h.Key].Distinct().ToList())).ToList();
        if (planned.Count < MinimumFindings && !holdsOut.Any(h => h.ContradictedBy.Count > 0)) return null;

        var ordered = new List<PlanStep>();
        ordered.AddRange(prepare.Steps(PlanStage.Prepare));
        ordered.AddRange(Renewals(renew, renewableOnNode));
        ordered.AddRange(install.Steps(PlanStage.Install));
        ordered.AddRange(restart.Steps(PlanStage.Restart).OrderBy(s => RestartRank(s.Step.Target)).ThenBy(s => s.Step.Target, StringComparer.Ordinal));
        var verifications = verify.Steps(PlanStage.Verify).ToList();
        // Doctor's own verdict last, after every other check.
        var rerun = Verify.Rerun();
        ordered.AddRange(verifications.Where(s => s.Step != rerun));
        ordered.AddRange(verifications.Where(s => s.Step == rerun));
        return new DoctorPlan(ordered, holdsOut, planned, separate);
    }

    /// <summary>
    /// <c>kubeadm certs renew all</c> when the names to renew on this node are every name it renews here;
    /// otherwise one <c>kubeadm certs renew NAME</c> per name, as the findings gave them.
    /// </summary>
    private static IEnumerable<PlanStep> Renewals(Group renew, IReadOnlySet<string> renewableOnNode)
    {
        var all = renew.Steps(PlanStage.Renew).ToList();
        var here = all.Where(s => s.Step.On == RunOn.ThisNode && s.Step.Target is not null).ToList();
        var names = here.Select(s => s.Step.Target!).ToHashSet(StringComparer.Ordinal);
        if (renewableOnNode.Count > 0 && renewableOnNode.IsSubsetOf(names))
        {
            var served = here.SelectMany(s => s.Findings).Distinct().Order().ToList();
            return [new PlanStep(PlanStage.Renew, Kubeadm.RenewAll(), served), .. all.Except(here)];
        }
        return all.OrderBy(s => s.Step.On == RunOn.ThisNode ? 0 : 1).ThenBy(s => s.Step.Target, StringComparer.Ordinal);
    }

    /// <summary>kubeadm's restart order (<see cref="Components.RenewalRestartOrder"/>), other components after, the kubelet last.</summary>
    private static int RestartRank(string? component)
    {
        if (component == Kubelet.Name) return int.MaxValue;
        var i = component is null ? -1 : Components.RenewalRestartOrder.IndexOf(component);
        return i < 0 ? Components.RenewalRestartOrder.Count : i;
    }

    private static int IndexOf(this IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++) if (list[i] == value) return i;
        return -1;
    }

    private static void Add(Dictionary<string, List<int>> map, string key, int i)
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        if (!list.Contains(i)) list.Add(i);
    }

    /// <summary>Steps by what they are, first seen first, with every finding each one serves.</summary>
    private sealed class Group
    {
        private readonly List<(object Key, RunbookStep Step, List<int> Findings)> _entries = [];

        public void Add(object key, RunbookStep step, int finding)
        {
            var at = _entries.FindIndex(e => e.Key.Equals(key));
            if (at < 0) _entries.Add((key, step, [finding]));
            else if (!_entries[at].Findings.Contains(finding)) _entries[at].Findings.Add(finding);
        }

        public IEnumerable<PlanStep> Steps(PlanStage stage) => _entries.Select(e => new PlanStep(stage, e.Step, e.Findings.Order().ToList()));
    }
}
