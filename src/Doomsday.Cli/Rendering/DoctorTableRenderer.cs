using Doomsday.Cli.Hosting;
using Doomsday.Core.Doctor;
using Doomsday.Core.Doctor.Runbooks;
using Spectre.Console;

namespace Doomsday.Cli.Rendering;

/// <summary>doctor's terminal report: findings grouped by severity, each with its evidence and runbook.</summary>
public static class DoctorTableRenderer
{
    public static void Render(CliContext context, bool noColor, DoctorReport report, DoctorInputs inputs)
    {
        var console = TableRenderer.CreateConsole(context, noColor);
        var ordered = report.Ordered();
        foreach (var group in ordered.GroupBy(f => f.Severity))
        {
            console.Write(new Rule($"[{Colour(group.Key)} bold]{group.Key.ToWire().ToUpperInvariant()} ({group.Count()})[/]").LeftJustified());
            foreach (var f in group)
            {
                console.MarkupLine($"[{Colour(f.Severity)} bold]{Markup.Escape(f.Id)}[/] [bold]{Markup.Escape(f.Subject)}[/]");
                console.MarkupLine($"  {Markup.Escape(f.Summary)}");
                var grid = new Grid().AddColumn(new GridColumn().PadLeft(4).PadRight(2).NoWrap()).AddColumn();
                foreach (var e in f.Evidence) grid.AddRow(new Text(e.Label, new Style(Color.Grey)), new Text(e.Value));
                console.Write(grid);
                WriteSteps(console, "runbook", f.Runbook.Steps);
                WriteSteps(console, "verify", f.Runbook.Verify);
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
