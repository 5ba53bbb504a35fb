using System.CommandLine;
using Doomsday.Cli.Commands.Scan;
using Doomsday.Cli.Hosting;
using Doomsday.Cli.Rendering;
using Doomsday.Core.Certificates;
using Doomsday.Core.Doctor;
using Doomsday.Core.Inventory;
using Doomsday.Core.Reporting;
using Doomsday.Core.Sources.Cluster;
using Doomsday.Core.Sources.Endpoints;
using Doomsday.Core.Sources.Kubeconfig;

namespace Doomsday.Cli.Commands.Doctor;

/// <summary><c>doomsday doctor</c>: the failures expiry dates do not show, each with its runbook (docs/findings.md).</summary>
public static class DoctorCommand
{
    public static Command Create(CliContext context, ITlsHandshaker? handshaker = null)
    {
        var o = new ScanOptionSet([OutputFormat.Table, OutputFormat.Json, OutputFormat.Markdown]);
        var components = new Option<string[]>("--component-endpoint")
        {
            Description = $"Where a component is reached, NAME=HOST:PORT (repeatable); NAME is one of {string.Join(", ", ComponentEndpoints.Names)}. " +
                          "On /etc/kubernetes components are reached on 127.0.0.1 at their configured ports; for a copy of a tree, only these are. " +
                          "One that does not answer is a component-not-answering finding.",
        };
        var csrPendingAfter = new Option<string>("--csr-pending-after")
        {
            Description = "With --cluster: how long a CertificateSigningRequest may stay Pending before it is a csr-pending finding (a duration: 1h, 30m, 2d).",
            DefaultValueFactory = _ => "1h",
        };
        var command = new Command("doctor", "Find renewed-but-not-served certificates, CA bundles and kubeconfigs that disagree, keys that do not match, weak crypto — with runbooks.");
        o.AddTo(command);
        command.Options.Add(components);
        command.Options.Add(csrPendingAfter);
        command.SetAction((parse, ct) => RunAsync(o, components, csrPendingAfter, parse, context, handshaker ?? ITlsHandshaker.Default, ct));
        return command;
    }

    private static async Task<int> RunAsync(ScanOptionSet o, Option<string[]> componentsOption, Option<string> csrPendingOption, ParseResult parse,
        CliContext context, ITlsHandshaker handshaker, CancellationToken ct)
    {
        if (!o.TryBind(parse, context, out var settings, out var error))
        {
            await context.Error.WriteLineAsync($"doomsday doctor: {error}");
            return ExitCodes.InputError;
        }
        var overrides = new Dictionary<string, EndpointTarget>(StringComparer.Ordinal);
        foreach (var spec in parse.GetValue(componentsOption) ?? [])
        {
            var eq = spec.IndexOf('=');
            var name = eq < 0 ? spec : spec[..eq];
            if (eq < 0 || !ComponentEndpoints.Names.Contains(name))
            {
                await context.Error.WriteLineAsync($"doomsday doctor: --component-endpoint '{spec}': expected NAME=HOST:PORT with NAME one of {string.Join(", ", ComponentEndpoints.Names)}");
                return ExitCodes.InputError;
            }
            if (!EndpointSpec.TryParse(spec[(eq + 1)..], out var target, out var specError))
            {
                await context.Error.WriteLineAsync($"doomsday doctor: --component-endpoint '{spec}': {specError}");
                return ExitCodes.InputError;
            }
            overrides[name] = target!;
        }
        var csrText = parse.GetValue(csrPendingOption);
        if (!Durations.TryParse(csrText, out var csrPendingAfter))
        {
            await context.Error.WriteLineAsync($"doomsday doctor: --csr-pending-after: '{csrText}' is not a duration (examples: 1h, 30m, 2d)");
            return ExitCodes.InputError;
        }
        var s = settings!;
        var nothingGiven = s.Paths.Count == 0 && s.Kubeconfigs.Count == 0 && s.KubeadmDir is null && s.Endpoints.Count == 0 && !s.Cluster;
        var kubeadm = s.KubeadmDir ?? (nothingGiven && Directory.Exists(ScanOptionSet.DefaultKubeadmDir) ? ScanOptionSet.DefaultKubeadmDir : null);
        if (nothingGiven && kubeadm is null)
        {
            await context.Error.WriteLineAsync("doomsday doctor: nothing to examine: no /etc/kubernetes here. Use --kubeadm DIR, --kubeconfig FILE, --cluster, --endpoint HOST:PORT or PATHs.");
            return ExitCodes.InputError;
        }
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var request = new DoctorRequest
        {
            KubeadmRoot = kubeadm,
            // With --cluster the kubeconfig in use is examined too (its certificates, its server's chain).
            Kubeconfigs = s.Cluster ? KubeconfigSource.Discover(s.Kubeconfigs, context.GetEnvironmentVariable("KUBECONFIG"), home) : s.Kubeconfigs,
            Clusters = s.Cluster ? ClusterTargets.Resolve(s.Kubeconfigs, s.Contexts, context.GetEnvironmentVariable, home, s.ExecPlugins) : null,
            ClusterOptions = s.ClusterOptions,
            Endpoints = s.Endpoints,
            Paths = s.Paths,
            ComponentOverrides = overrides,
            Options = s.Options,
            Thresholds = s.Thresholds,
            CsrPendingAfter = csrPendingAfter,
        };
        var inputs = await new DoctorGatherer(handshaker, context.Time).GatherAsync(request, ct);
        var report = DoctorChecks.Run(inputs);
        var code = DoctorExitCodes.For(report, inputs.Certificates.Count, s.FailOn);
        switch (s.Output)
        {
            case OutputFormat.Json:
                await using (var stdout = context.OpenStandardOutput()) DoctorJsonWriter.Write(stdout, report, inputs, code, indented: context.IsTerminal);
                break;
            case OutputFormat.Markdown:
                await context.Out.WriteAsync(DoctorMarkdownWriter.Render(report, inputs));
                break;
            default:
                DoctorTableRenderer.Render(context, s.NoColor, report, inputs, code);
                break;
        }
        if (code == ExitCodes.InputError && inputs.Certificates.Count == 0)
        {
            await context.Error.WriteLineAsync("doomsday doctor: nothing examined: no certificate could be read" +
                (inputs.Errors.Count > 0 ? $" ({Plurals.Count(inputs.Errors.Count, "error")}: {string.Join(", ", inputs.Errors.Select(e => e.Reason).Distinct(StringComparer.Ordinal))})" : ""));
        }
        return code;
    }
}
