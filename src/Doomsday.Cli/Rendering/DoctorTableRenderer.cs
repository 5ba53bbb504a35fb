using Doomsday.Cli.Hosting;
using Doomsday.Core.Doctor;
using Doomsday.Core.Doctor.Plans;
using Doomsday.Core.Doctor.Runbooks;
using Spectre.Console;

namespace Doomsday.Cli.Rendering;

/// <summary>doctor's terminal report: the consolidated plan first (when there is one), then the findings grouped by severity, each with its evidence and runbook.</summary>
public static class DoctorTableRenderer
{
    public static void Render(CliContext context, bool noColor, DoctorReport report, DoctorInputs inputs)
    {
        var console = TableRenderer.CreateConsole(context, noColor);
        var ordered = report.Ordered();
        var plan = DoctorPlanner.For(report);
        if (plan is not null) WritePlan(console, plan);
        var number = 0;
        foreach (var group in ordered.GroupBy(f => f.Severity))
        {
            console.Write(new Rule($"[{Colour(group.Key)} bold]{group.Key.ToWire().ToUpperInvariant()} ({group.Count()})[/]").LeftJustified());
            foreach (var f in group)
            {
                var index = number++;
                console.MarkupLine($"[bold]#{index + 1}[/] [{Colour(f.Severity)} bold]{Markup.Escape(f.Id)}[/] [bold]{Markup.Escape(f.Subject)}[/]");
                console.MarkupLine($"  {Markup.Escape(f.Summary)}");
                var grid = new Grid().AddColumn(new GridColumn().PadLeft(4).PadRight(2).NoWrap()).AddColumn();
                foreach (var e in f.Evidence) grid.AddRow(new Text(e.Label, new Style(Color.Grey)), new Text(e.Value));
                console.Write(grid);
                if (plan is not null && plan.Covers(index))
                {
                    console.MarkupLine($"  [bold]runbook[/]: plan steps {string.Join(", ", plan.StepsFor(index))} above");
                }
                else
                {
                    WriteSteps(console, "runbook", f.Runbook.Steps);
                    WriteSteps(console, "verify", f.Runbook.Verify);
                }
                console.WriteLine();
            }
        }
        if (report.Skipped.Count > 0)
        {
            console.MarkupLine("[grey]not checked:[/]");
            foreach (var s in report.Skipped) console.MarkupLine($"  [grey]{Markup.Escape(s.Check)} / {Markup.Escape(s.Subject)}: {Markup.Escape(s.Reason)}[/]");
        }
        if (inputs.Errors.Count > 0)
        {
            console.MarkupLine("[red]could not be read:[/]");
            foreach (var e in inputs.Errors) console.MarkupLine($"  [red]{Markup.Escape(e.Reason)}[/] {Markup.Escape(e.Source.Display)}: {Markup.Escape(e.Message)}");
        }
        var counts = Enum.GetValues<FindingSeverity>().Reverse()
            .Select(s => (s, n: ordered.Count(f => f.Severity == s)))
            .Where(x => x.n > 0)
            .Select(x => $"[{Colour(x.s)}]{x.n} {x.s.ToWire()}[/]")
            .ToList();
        console.MarkupLine(ordered.Count == 0
            ? $"[green bold]no findings[/] over {inputs.Certificates.Count} certificates, {inputs.Served.Count(s => s.Result.Chain.Count > 0)} components reached"
            : $"[bold]{ordered.Count} findings[/]: {string.Join(", ", counts)} over {inputs.Certificates.Count} certificates, {inputs.Served.Count(s => s.Result.Chain.Count > 0)} components reached");
    }

    private static void WritePlan(IAnsiConsole console, DoctorPlan plan)
    {
        console.Write(new Rule($"[bold]PLAN for {plan.Planned.Count} findings[/] [grey](#N: the findings below)[/]").LeftJustified());
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
                console.MarkupLine($"  [bold]{PlanText.Heading(p)}[/]");
            }
            var on = p.Step.On is null ? "" : $" [grey]({Markup.Escape(RunOn.Describe(p.Step.On))})[/]";
            console.MarkupLine($"    {i}. {Markup.Escape(p.Step.Description)}{on} [grey]{PlanText.Serves(p)}[/]");
            if (p.Step.Command is not null) console.MarkupLine($"       [cyan]$ {Markup.Escape(p.Step.Command)}[/]");
        }
        foreach (var line in PlanText.Holds(plan)) console.MarkupLine($"  [yellow]{Markup.Escape(line)}[/]");
        if (PlanText.Separate(plan) is { } separate) console.MarkupLine($"  {Markup.Escape(separate)}");
        console.WriteLine();
    }

    private static void WriteSteps(IAnsiConsole console, string title, IReadOnlyList<RunbookStep> steps)
    {
        if (steps.Count == 0) return;
        console.MarkupLine($"  [bold]{title}[/]");
        var i = 0;
        foreach (var s in steps)
        {
            i++;
            var on = s.On is null ? "" : $" [grey]({Markup.Escape(RunOn.Describe(s.On))})[/]";
            console.MarkupLine($"    {i}. {Markup.Escape(s.Description)}{on}");
            if (s.Command is not null) console.MarkupLine($"       [cyan]$ {Markup.Escape(s.Command)}[/]");
        }
    }

    private static string Colour(FindingSeverity s) => s switch
    {
        FindingSeverity.Emergency or FindingSeverity.Critical => "red",
        FindingSeverity.Warning => "yellow",
        _ => "blue",
    };
}
