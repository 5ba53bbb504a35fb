using Doomsday.Cli.Hosting;
using Doomsday.Core.Doctor;
using Doomsday.Core.Doctor.Plans;
using Doomsday.Core.Doctor.Runbooks;
using Doomsday.Core.Reporting;

namespace Doomsday.Cli.Rendering;

/// <summary>
/// doctor's terminal report: the consolidated plan first (when there is one; findings numbered #N), then the
/// findings grouped by severity, each with its evidence and runbook (or the plan steps that cover it), then what
/// was not checked and what could not be read, then one summary. Prose wraps at the terminal's width;
/// runbook commands never do (they must paste as they are). Everything that came from outside is escaped.
/// </summary>
internal static class DoctorTableRenderer
{
    public static void Render(CliContext context, bool noColor, DoctorReport report, DoctorInputs inputs, int exitCode)
    {
        var t = Terminal.For(context, noColor);
        var ordered = report.Ordered();
        var plan = DoctorPlanner.For(report);
        if (plan is not null) WritePlan(t, plan);
        var number = 0;
        foreach (var group in ordered.GroupBy(f => f.Severity))
        {
            var title = $"{group.Key.ToWire().ToUpperInvariant()} ({group.Count()})";
            t.WriteLine(t.Paint($"── {title} " + new string('─', Math.Max(2, Math.Min(t.Width ?? 80, 80) - title.Length - 4)), Tone(group.Key)));
            foreach (var f in group)
            {
                var index = number++;
                t.WriteLine();
                t.WriteWrapped($"#{index + 1} {E(f.Id)}  {E(f.Subject)}", Tone(f.Severity));
                t.WriteWrapped(E(f.Summary), indent: "  ");
                WriteEvidence(t, f.Evidence);
                if (plan is not null && plan.Covers(index))
                {
                    t.WriteLine("  " + t.Paint("runbook", Rendering.Tone.Bold) + $": plan steps {string.Join(", ", plan.StepsFor(index))} above");
                }
                else
                {
                    WriteSteps(t, "runbook", f.Runbook.Steps);
                    WriteSteps(t, "verify", f.Runbook.Verify);
                }
            }
            t.WriteLine();
        }
        if (report.Skipped.Count > 0)
        {
            t.WriteLine(t.Paint("not checked:", Rendering.Tone.Dim));
            foreach (var s in report.Skipped) t.WriteWrapped($"{E(s.Check)} / {E(s.Subject)}: {E(s.Reason)}", Rendering.Tone.Dim, "  ");
        }
        if (inputs.Errors.Count > 0)
        {
            t.WriteLine(t.Paint("could not be read:", Rendering.Tone.Error));
            foreach (var e in inputs.Errors) t.WriteWrapped($"{E(e.Reason)} {E(e.Source.Display)}: {E(e.Message)}", indent: "  ");
        }
        var reached = inputs.Served.Count(s => s.Result.Chain.Count > 0);
        var over = $"over {Plurals.Count(inputs.Certificates.Count, "certificate")}, {Plurals.Count(reached, "component")} reached";
        if (exitCode == Core.Inventory.ExitCodes.InputError && inputs.Certificates.Count == 0)
        {
            // Nothing was examined: "no findings" would read as "all is well".
            t.WriteWrapped("nothing examined: no certificate could be read" + (inputs.Errors.Count > 0 ? $" ({Plurals.Count(inputs.Errors.Count, "error")} above)" : ""), Rendering.Tone.Error);
            return;
        }
        if (ordered.Count == 0)
        {
            t.WriteWrapped($"no findings {over}", Rendering.Tone.Ok);
            return;
        }
        var line = new SummaryPart().Add(Plurals.Count(ordered.Count, "finding"), Rendering.Tone.Bold);
        var separator = ": ";
        foreach (var severity in Enum.GetValues<FindingSeverity>().Reverse())
        {
            var n = ordered.Count(f => f.Severity == severity);
            if (n == 0) continue;
            line.Add(separator).Add($"{n} {severity.ToWire()}", Tone(severity));
            separator = ", ";
        }
        SummaryPart.WriteAll(t, [line, new SummaryPart().Add(over)]);
    }

    private static void WriteEvidence(Terminal t, IReadOnlyList<Evidence> evidence)
    {
        if (evidence.Count == 0) return;
        var labelWidth = evidence.Max(e => TextWidth.Of(E(e.Label)));
        foreach (var e in evidence)
        {
            var label = E(e.Label);
            var indent = "    " + new string(' ', labelWidth + 2);
            var lines = TextWidth.Wrap(E(e.Value), t.Width is { } w ? Math.Max(20, w - indent.Length) : null).ToList();
            for (var i = 0; i < lines.Count; i++)
            {
                var head = i == 0 ? "    " + t.Paint(label, Rendering.Tone.Dim) + new string(' ', labelWidth - TextWidth.Of(label) + 2) : indent;
                t.WriteLine(head + lines[i]);
            }
        }
    }

    private static void WritePlan(Terminal t, DoctorPlan plan)
    {
        var title = $"PLAN for {plan.Planned.Count} findings";
        t.WriteLine(t.Paint($"── {title} " + new string('─', Math.Max(2, Math.Min(t.Width ?? 80, 80) - title.Length - 4)), Rendering.Tone.Bold));
        t.WriteLine(t.Paint("  (#N: the findings below)", Rendering.Tone.Dim));
        var i = 0;
        PlanStage? stage = null;
        string? component = null;
        foreach (var p in plan.Steps)
        {
            i++;
            if (p.Stage != stage || p.Component != component)
            {
                stage = p.Stage;
                component = p.Component;
                t.WriteLine("  " + t.Paint(E(PlanText.Heading(p)), Rendering.Tone.Bold));
            }
            WriteStep(t, i, p.Step, PlanText.Serves(p));
        }
        foreach (var line in PlanText.Holds(plan)) t.WriteWrapped(E(line), Rendering.Tone.Warning, "  ");
        if (PlanText.Separate(plan) is { } separate) t.WriteWrapped(E(separate), indent: "  ");
        t.WriteLine();
    }

    private static void WriteSteps(Terminal t, string title, IReadOnlyList<RunbookStep> steps)
    {
        if (steps.Count == 0) return;
        t.WriteLine("  " + t.Paint(title, Rendering.Tone.Bold));
        var i = 0;
        foreach (var s in steps) WriteStep(t, ++i, s, null);
    }

    /// <summary>One numbered step: its description and where it runs (wrapped), what it serves, then its command (never wrapped).</summary>
    private static void WriteStep(Terminal t, int i, RunbookStep s, string? serves)
    {
        var number = $"{i}. ";
        var hanging = "    " + new string(' ', number.Length);
        // Where the step runs (the node, a machine with kubectl...) follows its description.
        var description = s.On is null ? E(s.Description) : $"{E(s.Description)} ({E(RunOn.Describe(s.On))})";
        if (serves is not null) description += " " + serves;
        var lines = TextWidth.Wrap(description, t.Width is { } w ? Math.Max(20, w - hanging.Length) : null).ToList();
        for (var k = 0; k < lines.Count; k++) t.WriteLine((k == 0 ? "    " + number : hanging) + lines[k]);
        // Never wrapped: a command is copied and pasted as one line.
        if (s.Command is not null) t.WriteLine(hanging + t.Paint("$ " + E(s.Command), Rendering.Tone.Command));
    }

    private static string E(string text) => TerminalText.Escape(text);

    private static Tone Tone(FindingSeverity s) => s switch
    {
        FindingSeverity.Emergency => Rendering.Tone.Emergency,
        FindingSeverity.Critical => Rendering.Tone.Critical,
        FindingSeverity.Warning => Rendering.Tone.Warning,
        _ => Rendering.Tone.Info,
    };
}
