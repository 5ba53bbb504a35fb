using System.Globalization;
using Doomsday.Cli.Hosting;
using Doomsday.Core.Certificates;
using Doomsday.Core.Inventory;
using Spectre.Console;

namespace Doomsday.Cli.Rendering;

/// <summary>
/// The terminal report: certificates worst first, then certificate authorities (as kubeadm's
/// <c>certs check-expiration</c> lists them apart), then what could not be read, then one summary line.
/// </summary>
public static class TableRenderer
{
    public static void Render(CliContext context, bool noColor, IReadOnlyList<EvaluatedCertificate> certificates,
        IReadOnlyList<SourceError> errors, ScanSummary summary, DateTimeOffset now)
    {
        var console = CreateConsole(context, noColor);
        var leaves = certificates.Where(c => !c.Found.Certificate.IsCa).ToList();
        var cas = certificates.Where(c => c.Found.Certificate.IsCa).ToList();
        if (leaves.Count > 0) console.Write(CertificateTable(leaves, "CERTIFICATE"));
        if (cas.Count > 0) console.Write(CertificateTable(cas, "CERTIFICATE AUTHORITY"));
        if (errors.Count > 0)
        {
            var table = new Table().Border(TableBorder.Simple).Title("[bold]could not be read[/]");
            table.AddColumn("REASON");
            table.AddColumn("SOURCE");
            table.AddColumn("DETAIL");
            foreach (var e in errors)
            {
                table.AddRow(new Text(e.Reason, new Style(Color.Red)), new Text(e.Source.Display), new Text(e.Message));
            }
            console.Write(table);
        }
        console.Write(new Markup(SummaryLine(summary, certificates, now)));
        console.WriteLine();
    }

    internal static IAnsiConsole CreateConsole(CliContext context, bool noColor)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(context.Out),
            Ansi = noColor || !context.IsTerminal ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = noColor || !context.IsTerminal ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = InteractionSupport.No,
        });
        if (!context.IsTerminal) console.Profile.Width = 240;
        return console;
    }

    private static Table CertificateTable(IReadOnlyList<EvaluatedCertificate> rows, string firstColumn)
    {
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn(firstColumn);
        table.AddColumn("EXPIRES");
        table.AddColumn(new TableColumn("RESIDUAL TIME").RightAligned());
        table.AddColumn(firstColumn == "CERTIFICATE" ? "CERTIFICATE AUTHORITY" : "ISSUER");
        table.AddColumn("STATUS");
        table.AddColumn("SOURCE");
        foreach (var e in rows)
        {
            var c = e.Found.Certificate;
            var style = SeverityStyle(e.Severity);
            table.AddRow(
                new Text(DisplayName(e.Found)),
                new Text(FormatExpiry(c.NotAfter)),
                new Text(Durations.FormatResidual(e.Residual), style),
                new Text(e.Found.Authority ?? c.IssuerCommonName ?? c.Issuer),
                new Text(StatusText(e), style),
                new Text(e.Found.Source.Display));
        }
        return table;
    }

    internal static string DisplayName(FoundCertificate f) =>
        f.Name ?? f.Certificate.SubjectCommonName ?? (f.Certificate.Subject.Length > 0 ? f.Certificate.Subject : f.Certificate.Sans.Dns.FirstOrDefault() ?? "(no subject)");

    /// <summary>kubeadm's format: <c>Dec 25, 2020 10:07 UTC</c>.</summary>
    internal static string FormatExpiry(DateTimeOffset t) => t.UtcDateTime.ToString("MMM dd, yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string StatusText(EvaluatedCertificate e)
    {
        var text = e.Severity.ToWire().Replace('_', ' ');
        if (e.Found.KeyMatches == false) text += ", KEY MISMATCH";
        return text;
    }

    internal static Style SeverityStyle(Severity s) => s switch
    {
        Severity.Expired or Severity.NotYetValid => new Style(Color.White, Color.Red, Decoration.Bold),
        Severity.Emergency => new Style(Color.Red, decoration: Decoration.Bold),
        Severity.Critical => new Style(Color.Red),
        Severity.Warning => new Style(Color.Yellow),
        _ => new Style(Color.Green),
    };

    private static string SummaryLine(ScanSummary s, IReadOnlyList<EvaluatedCertificate> certificates, DateTimeOffset now)
    {
        var parts = new List<string>();
        foreach (var severity in Enum.GetValues<Severity>().Reverse())
        {
            var n = s.Count(severity);
            if (n > 0) parts.Add($"{n} {severity.ToWire().Replace('_', ' ')}");
        }
        var line = $"[bold]{s.Certificates} certificate{(s.Certificates == 1 ? "" : "s")}[/]";
        if (parts.Count > 0) line += ": " + string.Join(", ", parts);
        if (s.Errors > 0) line += $" · [red]{s.Errors} could not be read[/]";
        var next = certificates.Where(c => c.Severity is not Severity.Expired and not Severity.NotYetValid)
            .MinBy(c => c.Found.Certificate.NotAfter);
        if (next is not null)
        {
            line += $" · next expiry: {Markup.Escape(DisplayName(next.Found))} in {Durations.FormatResidual(next.Found.Certificate.NotAfter - now)} ({FormatExpiry(next.Found.Certificate.NotAfter)})";
        }
        return line;
    }
}
