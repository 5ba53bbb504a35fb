using System.Text;
using Doomsday.Core.Doctor;
using Doomsday.Core.Doctor.Plans;
using Doomsday.Core.Doctor.Runbooks;

namespace Doomsday.Core.Reporting;

/// <summary>
/// A doctor report as Markdown, to paste into a ticket or a post-mortem. Text from outside (subjects,
/// paths, messages) is escaped with <see cref="TerminalText"/>: the report is also read in terminals.
/// </summary>
public static class DoctorMarkdownWriter
{
    public static string Render(DoctorReport report, DoctorInputs inputs)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"# Doomsday doctor report — {inputs.Now.UtcDateTime:yyyy-MM-dd HH:mm} UTC");
        sb.AppendLine();
        var ordered = report.Ordered();
        var counts = Enum.GetValues<FindingSeverity>().Reverse()
            .Select(s => (s, n: ordered.Count(f => f.Severity == s)))
            .Where(x => x.n > 0)
            .Select(x => $"{x.n} {x.s.ToWire()}");
        var over = $"over {Plurals.Count(inputs.Certificates.Count, "certificate")}";
        sb.AppendLine(inputs.Certificates.Count == 0
            ? "Nothing examined: no certificate could be read."
            : ordered.Count == 0
                ? $"No findings {over}."
                : $"{Plurals.Count(ordered.Count, "finding")} ({string.Join(", ", counts)}) {over}.");
        sb.AppendLine();
        var plan = DoctorPlanner.For(report);
        if (plan is not null) AppendPlan(sb, plan);
        var n = 0;
        foreach (var f in ordered)
        {
            n++;
            sb.AppendLine($"## {n}. [{f.Severity.ToWire().ToUpperInvariant()}] `{f.Id}` — {E(f.Subject)}");
            sb.AppendLine();
            sb.AppendLine(E(f.Summary));
            sb.AppendLine();
            sb.AppendLine("| evidence | value |");
            sb.AppendLine("|---|---|");
            foreach (var e in f.Evidence) sb.AppendLine($"| {Cell(e.Label)} | {Cell(e.Value)} |");
            sb.AppendLine();
            if (plan is not null && plan.Covers(n - 1))
            {
                sb.AppendLine($"**Runbook**: plan steps {string.Join(", ", plan.StepsFor(n - 1))} above.");
                sb.AppendLine();
            }
            else
            {
                AppendSteps(sb, "Runbook", f.Runbook.Steps);
                AppendSteps(sb, "Verify", f.Runbook.Verify);
            }
        }
        if (report.Skipped.Count > 0)
        {
            sb.AppendLine("## Not checked");
            sb.AppendLine();
            foreach (var s in report.Skipped) sb.AppendLine($"- {E(s.Check)} / {E(s.Subject)}: {E(s.Reason)}");
            sb.AppendLine();
        }
        if (inputs.Errors.Count > 0)
        {
            sb.AppendLine("## Could not be read");
            sb.AppendLine();
            foreach (var e in inputs.Errors) sb.AppendLine($"- `{e.Reason}` {E(e.Source.Display)}: {E(e.Message)}");
            sb.AppendLine();
        }
        return sb.ToString();
    }

    private static void AppendPlan(StringBuilder sb, DoctorPlan plan)
    {
        sb.AppendLine($"## Plan for {plan.Planned.Count} findings");
        sb.AppendLine();
        sb.AppendLine("Each step once, in this order; #N are the findings below that it serves.");
        sb.AppendLine();
        var i = 0;
        foreach (var p in plan.Steps)
        {
            i++;
            var on = p.Step.On is null ? "" : $" — *{RunOn.Describe(p.Step.On)}*";
            sb.AppendLine($"{i}. **{PlanText.Heading(p)}**: {p.Step.Description}{on} ({PlanText.Serves(p)})");
            if (p.Step.Command is not null)
            {
                sb.AppendLine("   ```sh");
                sb.AppendLine($"   {p.Step.Command}");
                sb.AppendLine("   ```");
            }
        }
        sb.AppendLine();
        foreach (var line in PlanText.Holds(plan)) sb.AppendLine($"- **{line}**");
        if (PlanText.Separate(plan) is { } separate) sb.AppendLine($"- {separate}");
        sb.AppendLine();
    }

    private static void AppendSteps(StringBuilder sb, string title, IReadOnlyList<RunbookStep> steps)
    {
        if (steps.Count == 0) return;
        sb.AppendLine($"**{title}**");
        sb.AppendLine();
        var i = 0;
        foreach (var s in steps)
        {
            i++;
            sb.AppendLine(s.On is null ? $"{i}. {E(s.Description)}" : $"{i}. {E(s.Description)} — *{E(RunOn.Describe(s.On))}*");
            if (s.Command is not null)
            {
                sb.AppendLine("   ```sh");
                sb.AppendLine($"   {E(s.Command)}");
                sb.AppendLine("   ```");
            }
        }
        sb.AppendLine();
    }

    private static string Cell(string s) => E(s.Replace("\n", " ")).Replace("|", "\\|");

    private static string E(string s) => TerminalText.Escape(s);
}
