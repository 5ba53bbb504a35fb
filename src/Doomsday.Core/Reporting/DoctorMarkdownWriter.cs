using System.Text;
using Doomsday.Core.Doctor;
using Doomsday.Core.Doctor.Runbooks;

namespace Doomsday.Core.Reporting;

/// <summary>A doctor report as Markdown, to paste into a ticket or a post-mortem.</summary>
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
        sb.AppendLine(ordered.Count == 0
            ? $"No findings over {inputs.Certificates.Count} certificates."
            : $"{ordered.Count} findings ({string.Join(", ", counts)}) over {inputs.Certificates.Count} certificates.");
        sb.AppendLine();
        var n = 0;
        foreach (var f in ordered)
        {
            n++;
            sb.AppendLine($"## {n}. [{f.Severity.ToWire().ToUpperInvariant()}] `{f.Id}` — {f.Subject}");
            sb.AppendLine();
            sb.AppendLine(f.Summary);
            sb.AppendLine();
            sb.AppendLine("| evidence | value |");
            sb.AppendLine("|---|---|");
            foreach (var e in f.Evidence) sb.AppendLine($"| {Cell(e.Label)} | {Cell(e.Value)} |");
            sb.AppendLine();
            AppendSteps(sb, "Runbook", f.Runbook.Steps);
            AppendSteps(sb, "Verify", f.Runbook.Verify);
        }
        if (report.Skipped.Count > 0)
        {
            sb.AppendLine("## Not checked");
            sb.AppendLine();
            foreach (var s in report.Skipped) sb.AppendLine($"- {s.Check} / {s.Subject}: {s.Reason}");
            sb.AppendLine();
        }
        if (inputs.Errors.Count > 0)
        {
            sb.AppendLine("## Could not be read");
            sb.AppendLine();
            foreach (var e in inputs.Errors) sb.AppendLine($"- `{e.Reason}` {e.Source.Display}: {e.Message}");
            sb.AppendLine();
        }
        return sb.ToString();
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
            sb.AppendLine(s.On is null ? $"{i}. {s.Description}" : $"{i}. {s.Description} — *{RunOn.Describe(s.On)}*");
            if (s.Command is not null)
            {
                sb.AppendLine("   ```sh");
                sb.AppendLine($"   {s.Command}");
                sb.AppendLine("   ```");
            }
        }
        sb.AppendLine();
    }

    private static string Cell(string s) => s.Replace("|", "\\|").Replace("\n", " ");
}
