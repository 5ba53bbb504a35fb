using System.CommandLine;
using Doomsday.Cli.Hosting;
using Doomsday.Cli.Rendering;
using Doomsday.Core.Certificates;
using Doomsday.Core.Inventory;
using Doomsday.Core.Reporting;

namespace Doomsday.Cli.Commands.Scan;

/// <summary><c>doomsday scan</c>: every certificate a node, a kubeconfig or an endpoint depends on, in one report.</summary>
public static class ScanCommand
{
    public const string PassphraseVariable = "DOOMSDAY_PASSPHRASE";

    public static Command Create(CliContext context)
    {
        var o = new ScanOptionSet();
        var onlyProblems = new Option<bool>("--only-problems") { Description = "List only certificates that are not ok (the table; json and prometheus keep everything); a line counts the rest." };
        var perCertError = new Option<bool>("--expose-per-cert-error")
        {
            Description = "With -o prometheus: also write x509_cert_error (0 per certificate, 1 per place that failed), as x509-certificate-exporter's exposePerCertError.",
        };
        var command = new Command("scan", "Inventory certificates in files, kubeconfigs, a kubeadm node and live TLS endpoints, and say what expires when.");
        o.AddTo(command);
        command.Options.Add(onlyProblems);
        command.Options.Add(perCertError);
        command.SetAction((parse, ct) => RunAsync(o, onlyProblems, perCertError, parse, context, ct));
        return command;
    }

    private static async Task<int> RunAsync(ScanOptionSet o, Option<bool> onlyProblems, Option<bool> perCertError, ParseResult parse, CliContext context, CancellationToken ct)
    {
        if (!o.TryBind(parse, context, out var bound, out var error))
        {
            await context.Error.WriteLineAsync($"doomsday scan: {error}");
            return ExitCodes.InputError;
        }
        var settings = bound! with { OnlyProblems = parse.GetValue(onlyProblems), ExposePerCertError = parse.GetValue(perCertError) };
        if (settings.ExposePerCertError && settings.Output != OutputFormat.Prometheus)
        {
            await context.Error.WriteLineAsync($"doomsday scan: {perCertError.Name} applies to -o prometheus only");
            return ExitCodes.InputError;
        }
        // Per-source accounts only for the output that reports them (x509_source_*).
        var tally = settings.Output == OutputFormat.Prometheus ? new SourceTally() : null;
        var sources = SourceFactory.Build(settings, context, out var explanation, tally);
        if (sources.Count == 0)
        {
            await context.Error.WriteLineAsync(explanation);
            return ExitCodes.InputError;
        }
        return await ExecuteAsync(settings, sources, context, ct, tally);
    }

    /// <summary>Scans and reports; when no certificate at all was read (exit 3), also says so on stderr whatever the format.</summary>
    /// <param name="tally">The accounts the sources were tracked with (SourceFactory), for <c>-o prometheus</c>; null: counted from the inventory.</param>
    public static async Task<int> ExecuteAsync(ScanSettings settings, IReadOnlyList<ICertificateSource> sources, CliContext context, CancellationToken ct, SourceTally? tally = null)
    {
        var (code, summary) = await ReportAsync(settings, sources, context, ct, tally);
        if (summary.Certificates == 0) await context.Error.WriteLineAsync("doomsday scan: " + NothingRead(summary));
        return code;
    }

    /// <summary>Why exit code 3: nothing read, and the reasons counted (<c>2 not_found, 1 permission_denied</c>).</summary>
    internal static string NothingRead(ScanSummary summary) => summary.Errors == 0
        ? "no certificate found: the sources hold none"
        : $"no certificate could be read ({string.Join(", ", summary.ErrorsByReason.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Value} {r.Key}"))})";

    private static async Task<(int Code, ScanSummary Summary)> ReportAsync(ScanSettings settings, IReadOnlyList<ICertificateSource> sources, CliContext context, CancellationToken ct, SourceTally? tally)
    {
        var now = context.Time.GetUtcNow();
        switch (settings.Output)
        {
            case OutputFormat.Json:
            {
                await using var stdout = context.OpenStandardOutput();
                // Indented for a person at a terminal, compact for a pipe or a file (as gh does): a scan of
                // 100,000 files writes about half the bytes and spends ~5 % less CPU (docs/json-output.md).
                using var writer = new JsonReportWriter(stdout, settings.Thresholds, now, indented: context.IsTerminal);
                await Scanner.RunAsync(sources, writer, settings.Options.SourceTimeout, TimeProvider.System, ct);
                var code = ExitCodes.For(writer.Summary, settings.FailOn);
                writer.Complete(code);
                return (code, writer.Summary);
            }
            case OutputFormat.Prometheus:
            {
                var sink = new CollectingSink();
                await Scanner.RunAsync(sources, sink, settings.Options.SourceTimeout, TimeProvider.System, ct);
                var summary = ScanSummary.Of(sink, settings.Thresholds, now);
                await using var stdout = context.OpenStandardOutput();
                PrometheusReportWriter.Write(stdout, new CertificateReport(sink, settings.Thresholds, now)
                {
                    Sources = tally,
                    Summary = summary,
                    Options = new MetricsOptions { ExposePerCertError = settings.ExposePerCertError },
                });
                return (ExitCodes.For(summary, settings.FailOn), summary);
            }
            default:
            {
                var sink = new CollectingSink();
                await Scanner.RunAsync(sources, sink, settings.Options.SourceTimeout, TimeProvider.System, ct);
                var summary = Summarize(sink, settings.Thresholds, now, out var evaluated);
                var view = new ScanView(Wide: settings.Output == OutputFormat.Wide, OnlyProblems: settings.OnlyProblems);
                ScanTableRenderer.Render(context, settings.NoColor, view, evaluated, sink.Errors, now);
                return (ExitCodes.For(summary, settings.FailOn), summary);
            }
        }
    }

    private static ScanSummary Summarize(CollectingSink sink, Thresholds thresholds, DateTimeOffset now, out List<EvaluatedCertificate> evaluated)
    {
        evaluated = sink.Certificates.Select(c => EvaluatedCertificate.Evaluate(c, thresholds, now)).ToList();
        var summary = ScanSummary.Of(evaluated, sink.Errors);
        evaluated.Sort(EvaluatedCertificate.WorstFirst);
        return summary;
    }
}
