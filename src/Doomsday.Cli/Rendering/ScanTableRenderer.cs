using System.Globalization;
using Doomsday.Cli.Hosting;
using Doomsday.Core.Certificates;
using Doomsday.Core.Inventory;
using Doomsday.Core.Reporting;
using N = Doomsday.Core.Sources.Kubeadm.KubeadmNames;

namespace Doomsday.Cli.Rendering;

/// <summary>How the scan table is shown: <c>-o wide</c>, <c>--only-problems</c>.</summary>
internal sealed record ScanView(bool Wide = false, bool OnlyProblems = false);

/// <summary>
/// scan's terminal report: certificates worst first, then certificate authorities (kubeadm's
/// <c>certs check-expiration</c> lists them apart, with the same headings), then what could not be read,
/// then one summary. A certificate held in several places is one row. On a terminal every row fits the
/// width on one line; <c>-o wide</c> shows every column and every place, nothing cut.
/// </summary>
internal static class ScanTableRenderer
{
    public static void Render(CliContext context, bool noColor, ScanView view, IReadOnlyList<EvaluatedCertificate> certificates,
        IReadOnlyList<SourceError> errors, DateTimeOffset now)
    {
        var terminal = Terminal.For(context, noColor);
        if (view.Wide) terminal = new Terminal(context.Out, null, terminal.Colour);
        var groups = CertificateGroup.Group(certificates);
        var shown = view.OnlyProblems ? groups.Where(g => g.Severity != Severity.Ok).ToList() : groups;
        var external = ExternallyManaged(groups);
        var showExternal = external.Values.Any(v => v.Length > 0);
        var wrote = false;
        foreach (var ca in new[] { false, true })
        {
            var rows = shown.Where(g => g.Certificate.IsCa == ca).ToList();
            if (rows.Count == 0) continue;
            if (wrote) terminal.WriteLine();
            foreach (var line in CertificateTable(rows, ca, view.Wide, showExternal, external).Render(terminal)) terminal.WriteLine(line);
            wrote = true;
        }
        if (errors.Count > 0)
        {
            if (wrote) terminal.WriteLine();
            terminal.WriteLine(terminal.Paint("could not be read:", Tone.Error));
            var table = new TextTable([new("REASON"), new("SOURCE", Fit.Middle, MinWidth: 20), new("DETAIL", Fit.End, MinWidth: 16)]);
            foreach (var e in errors) table.Add(new TextCell(e.Reason, Tone.Error), e.Source.Display, e.Message);
            foreach (var line in table.Render(terminal)) terminal.WriteLine(line);
            wrote = true;
        }
        if (wrote) terminal.WriteLine();
        WriteSummary(terminal, groups, certificates.Count, errors.Count, view, now);
    }

    private static TextTable CertificateTable(List<CertificateGroup> rows, bool ca, bool wide, bool showExternal, IReadOnlyDictionary<CertificateGroup, string> external)
    {
        // Dropped on a narrow terminal in this order: EXTERNALLY MANAGED, CERTIFICATE AUTHORITY, EXPIRES, SOURCE
        // (what it is, how long it has and how bad that is always stay).
        var columns = new List<TextColumn>
        {
            new(ca ? "CERTIFICATE AUTHORITY" : "CERTIFICATE", Fit.End, MinWidth: 16, Comfortable: 28),
            new("EXPIRES", DropRank: 2),
            new("RESIDUAL TIME"),
        };
        if (!ca) columns.Add(new("CERTIFICATE AUTHORITY", Fit.End, MinWidth: 10, DropRank: 3, Comfortable: 24));
        if (showExternal) columns.Add(new("EXTERNALLY MANAGED", DropRank: 4));
        columns.Add(new("STATUS"));
        if (wide)
        {
            columns.Add(new("SUBJECT"));
            columns.Add(new("ISSUER"));
            columns.Add(new("SERIAL"));
            columns.Add(new("USED BY"));
        }
        columns.Add(new("SOURCE", Fit.Middle, MinWidth: 20, DropRank: 1, Comfortable: 40));
        var table = new TextTable(columns);
        foreach (var g in rows)
        {
            var c = g.Certificate;
            var tone = SeverityTone(g.Severity);
            var cells = new List<TextCell> { DisplayName(g.Primary.Found), FormatExpiry(c.NotAfter), new(Durations.FormatResidual(g.Primary.Residual), tone) };
            if (!ca) cells.Add(g.Primary.Found.Authority ?? c.IssuerCommonName ?? c.Issuer);
            if (showExternal) cells.Add(external[g]);
            cells.Add(new TextCell(StatusText(g), tone));
            if (wide)
            {
                cells.Add(c.Subject);
                cells.Add(c.Issuer);
                cells.Add(c.SerialNumber);
                cells.Add(string.Join(", ", g.UsedBy));
                // Every place, one per line: the one naming the row first, the others below it.
                cells.Add(g.Primary.Found.Source.Display);
                table.Add([.. cells]);
                foreach (var place in g.Places.Where(p => !ReferenceEquals(p, g.Primary)))
                {
                    var more = new TextCell[columns.Count];
                    Array.Fill(more, new TextCell(""));
                    more[^1] = place.Found.Source.Display;
                    table.Add(more);
                }
                continue;
            }
            cells.Add(Places.Cell(g));
            table.Add([.. cells]);
        }
        return table;
    }

    /// <summary>
    /// kubeadm's EXTERNALLY MANAGED: "yes" when the CA that signs it is there without its private key (so
    /// <c>kubeadm certs renew</c> cannot renew it), "no" when the key is there, blank for what kubeadm does
    /// not manage. As kubeadm's renewal manager (cmd/kubeadm/app/phases/certs/renewal/manager.go): a CA
    /// row by its own key, a leaf by its CA's key, except etcd-ca's leaves, which kubeadm never calls external.
    /// </summary>
    private static Dictionary<CertificateGroup, string> ExternallyManaged(List<CertificateGroup> groups)
    {
        string[] kubeadmCas = [N.Ca, N.FrontProxyCa, N.EtcdCa];
        var cas = groups.Where(g => g.Certificate.IsCa && g.Primary.Found is { Source: FileSourceRef, Name: { } name } && kubeadmCas.Contains(name))
            .GroupBy(g => g.Primary.Found.Name!, StringComparer.Ordinal).ToDictionary(x => x.Key, x => x.First(), StringComparer.Ordinal);
        var result = new Dictionary<CertificateGroup, string>();
        foreach (var g in groups)
        {
            result[g] = g switch
            {
                _ when cas.ContainsValue(g) => Answer(g),
                { Certificate.IsCa: false, Primary.Found.Authority: N.EtcdCa } => "no",
                { Certificate.IsCa: false, Primary.Found.Authority: { } authority } when cas.TryGetValue(authority, out var ca) => Answer(ca),
                _ => "",
            };
        }
        return result;

        static string Answer(CertificateGroup ca) => ca.KeyFound ? "no" : "yes";
    }

    private static void WriteSummary(Terminal terminal, List<CertificateGroup> groups, int places, int errors, ScanView view, DateTimeOffset now)
    {
        var first = new SummaryPart().Add(Plurals.Count(groups.Count, "certificate") + (places != groups.Count ? $" in {places} places" : ""), Tone.Bold);
        var separator = ": ";
        foreach (var s in Enum.GetValues<Severity>().Reverse())
        {
            var n = groups.Count(g => g.Severity == s);
            if (n == 0) continue;
            first.Add(separator).Add($"{n} {s.ToWire().Replace('_', ' ')}", SeverityTone(s));
            separator = ", ";
        }
        var parts = new List<SummaryPart> { first };
        if (errors > 0) parts.Add(new SummaryPart().Add($"{errors} could not be read", Tone.Error));
        var next = groups.Where(g => g.Severity is not Severity.Expired and not Severity.NotYetValid).MinBy(g => g.Certificate.NotAfter);
        if (next is not null)
        {
            parts.Add(new SummaryPart().Add($"next expiry: {TerminalText.Escape(DisplayName(next.Primary.Found))} in " +
                $"{Durations.FormatResidual(next.Certificate.NotAfter - now)} ({FormatExpiry(next.Certificate.NotAfter)})"));
        }
        SummaryPart.WriteAll(terminal, parts);
        var hidden = groups.Count(g => g.Severity == Severity.Ok);
        if (view.OnlyProblems && hidden > 0) terminal.WriteWrapped($"{Plurals.Count(hidden, "healthy certificate")} not listed (--only-problems).", Tone.Dim);
    }

    internal static string DisplayName(FoundCertificate f) =>
        f.Name ?? f.Certificate.SubjectCommonName ?? (f.Certificate.Subject.Length > 0 ? f.Certificate.Subject : f.Certificate.Sans.Dns.FirstOrDefault() ?? "(no subject)");

    /// <summary>kubeadm's format: <c>Dec 25, 2020 10:07 UTC</c>.</summary>
    internal static string FormatExpiry(DateTimeOffset t) => t.UtcDateTime.ToString("MMM dd, yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string StatusText(CertificateGroup g)
    {
        var text = g.Severity.ToWire().Replace('_', ' ');
        if (g.KeyMismatch) text += ", KEY MISMATCH";
        return text;
    }

    internal static Tone SeverityTone(Severity s) => s switch
    {
        Severity.Expired or Severity.NotYetValid => Tone.Expired,
        Severity.Emergency => Tone.Emergency,
        Severity.Critical => Tone.Critical,
        Severity.Warning => Tone.Warning,
        _ => Tone.Ok,
    };
}
