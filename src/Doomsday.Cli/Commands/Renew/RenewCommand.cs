using System.CommandLine;
using Doomsday.Cli.Hosting;
using Doomsday.Core.Certificates;
using Doomsday.Core.Reporting;
using Doomsday.Core.Sources.Endpoints;
using Doomsday.Watch.Renewal;
using Doomsday.Watch.Reporting;

namespace Doomsday.Cli.Commands.Renew;

/// <summary>
/// <c>doomsday renew</c>: renew a kubeadm node's certificates, restart its static pods one at a time,
/// prove each serves the new certificate, roll back the one that does not (docs/renew.md).
/// </summary>
public static class RenewCommand
{
    public const string DefaultKubeadmDir = "/etc/kubernetes";

    public static Command Create(CliContext context, IRenewalEnvironment? environment = null, ITlsHandshaker? handshaker = null)
    {
        var names = new Argument<string[]>("names")
        {
            Description = $"Certificates to renew, by kubeadm name ({string.Join(", ", RenewalPlanner.RenewableNames)}). None: all of them, as kubeadm certs renew all.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var kubeadm = new Option<string>("--kubeadm") { Description = $"The node's kubeadm directory (default {DefaultKubeadmDir}).", DefaultValueFactory = _ => DefaultKubeadmDir };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show the plan and the preflight checks; write nothing." };
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask before renewing (needed without a terminal); also refreshes copies of admin.conf in ~/.kube/config." };
        var backupDir = new Option<string?>("--backup-dir") { Description = "Where the timestamped backup directory is made (default DIR/tmp, beside kubeadm's own backups)." };
        var output = new Option<string>("--output", "-o") { Description = "text or json.", DefaultValueFactory = _ => "text" };
        var native = new Option<bool>("--native") { Description = "Renew natively with kubeadm's semantics even when kubeadm is installed." };
        var ifDue = new Option<bool>("--if-due") { Description = "Renew only when a selected certificate expires within --warning; otherwise do nothing and exit 0 (for timers)." };
        var config = new Option<string?>("--kubeadm-config") { Description = "The cluster's ClusterConfiguration file (certificatesDir, encryptionAlgorithm, certificateValidityPeriod); read from the cluster otherwise." };
        var timeout = new Option<string>("--timeout") { Description = "How long each wait may take: a container to stop, a new one to run, a component to serve its new certificate.", DefaultValueFactory = _ => "5m" };
        var warning = new Option<string>("--warning") { Description = "Due: expires within this duration (as scan).", DefaultValueFactory = _ => "90d" };
        var critical = new Option<string>("--critical") { Description = "Critical within this duration.", DefaultValueFactory = _ => "30d" };
        var emergency = new Option<string>("--emergency") { Description = "Emergency within this duration.", DefaultValueFactory = _ => "7d" };
        var daemon = new DaemonConnectionOptions();
        var refresh = new Option<bool>("--refresh-kubeconfig") { Description = "Put admin.conf's new credentials into ~/.kube/config (yours and the sudo user's) where they held the old ones." };

        var command = new Command("renew", "Renew a kubeadm node's certificates, restart etcd, kube-apiserver, kube-controller-manager and kube-scheduler one at a time, " +
                                            "verify each serves its new certificate, roll back the one that does not.");
        command.Arguments.Add(names);
        foreach (var o in new Option[] { kubeadm, dryRun, yes, backupDir, output, native, ifDue, config, timeout, warning, critical, emergency, refresh }) command.Options.Add(o);
        daemon.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var format = parse.GetValue(output);
            if (format is not ("text" or "json")) return await Fail(context, $"--output: '{format}' is not one of text, json");
            if (!Durations.TryParse(parse.GetValue(timeout), out var wait) || wait <= TimeSpan.Zero) return await Fail(context, $"--timeout: '{parse.GetValue(timeout)}' is not a duration (examples: 5m, 90s)");
            if (!Durations.TryParse(parse.GetValue(warning), out var w)) return await Fail(context, $"--warning: '{parse.GetValue(warning)}' is not a duration");
            if (!Durations.TryParse(parse.GetValue(critical), out var c)) return await Fail(context, $"--critical: '{parse.GetValue(critical)}' is not a duration");
            if (!Durations.TryParse(parse.GetValue(emergency), out var e)) return await Fail(context, $"--emergency: '{parse.GetValue(emergency)}' is not a duration");
            var thresholds = new Thresholds(w, c, e);
            if (thresholds.Validate() is { } bad) return await Fail(context, bad);
            // The daemon whose incident log gets the outcome: its flags are checked before anything is done.
            using var http = new HttpClient { Timeout = RenewalIncidentLog.Timeout };
            if (!daemon.TryConnect(parse, context, http, out var incidentLog, out var connectError)) return await Fail(context, connectError);
            var request = new RenewalRequest
            {
                KubeadmRoot = parse.GetValue(kubeadm)!,
                Names = parse.GetValue(names) ?? [],
                DryRun = parse.GetValue(dryRun),
                IfDue = parse.GetValue(ifDue),
                Native = parse.GetValue(native),
                BackupParent = parse.GetValue(backupDir),
                KubeadmConfigFile = parse.GetValue(config),
                Thresholds = thresholds,
                Restart = new RestartOptions { Timeout = wait },
                Verify = new VerifyOptions { Timeout = wait },
                KubeconfigCopies = KubeconfigCopies(context),
                RefreshKubeconfigCopies = parse.GetValue(refresh) || parse.GetValue(yes),
            };
            return await RunAsync(context, environment ?? new NodeEnvironment(context.Time, context.GetEnvironmentVariable),
                handshaker ?? ITlsHandshaker.Default, request, parse.GetValue(yes), format == "json", (report, text) => RenewalIncidentLog.RecordAsync(incidentLog!, report, text, ct), ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, IRenewalEnvironment environment, ITlsHandshaker handshaker, RenewalRequest request,
        bool yes, bool json, Func<RenewalReport, RenewTextWriter, Task<string?>> incidentLog, CancellationToken ct)
    {
        var text = new RenewTextWriter(json ? (context.IsTerminal ? context.Error : TextWriter.Null) : context.Out);
        var plan = await new RenewalPlanner(handshaker, context.Time, environment).PlanAsync(request, ct);
        text.Plan(plan, request.Thresholds, context.Time.GetUtcNow());

        RenewalReport report;
        var now = context.Time.GetUtcNow();
        if (plan.Blockers.Count > 0)
        {
            report = Stop(plan, RenewalOutcome.Refused, string.Join("\n", plan.Blockers), now);
        }
        else if (request.IfDue && !plan.Due(request.Thresholds, now))
        {
            report = Stop(plan, RenewalOutcome.NothingDue, null, now);
        }
        else if (request.DryRun)
        {
            report = Stop(plan, RenewalOutcome.Planned, null, now);
        }
        else if (!yes && !await ConfirmAsync(context, plan))
        {
            report = Stop(plan, RenewalOutcome.Refused,
                context.IsInputTerminal ? "not confirmed: nothing was changed" : "not confirmed (no terminal to ask on): pass --yes to renew without one; nothing was changed", now);
        }
        else
        {
            report = await new RenewalRun(handshaker, context.Time, environment, text).ExecuteAsync(plan, request, ct);
            if (await incidentLog(report, text) is { } logged) report = report with { Afterwards = [.. report.Afterwards, logged] };
        }
        text.Summary(report);
        if (json)
        {
            await using var stdout = context.OpenStandardOutput();
            RenewalJsonWriter.Write(stdout, report, indented: context.IsTerminal);
        }
        return report.ExitCode;
    }

    private static RenewalReport Stop(RenewalPlan plan, RenewalOutcome outcome, string? failure, DateTimeOffset now) =>
        new(plan, outcome, failure, null, null, [], [], [], [outcome == RenewalOutcome.Planned ? "nothing was changed (dry run)" : "nothing was changed"], [], now, TimeSpan.Zero);

    private static async Task<bool> ConfirmAsync(CliContext context, RenewalPlan plan)
    {
        if (!context.IsInputTerminal) return false;
        var pods = plan.Components.Select(c => c.Pod).ToList();
        await context.Error.WriteAsync($"Renew {plan.ToRenew.Count()} certificates in {plan.Root}" +
            (pods.Count > 0 ? $" and restart {string.Join(", ", pods)}, one at a time" : "") + "? [y/N] ");
        var answer = (await context.Input.ReadLineAsync())?.Trim();
        return answer is "y" or "Y" or "yes" or "YES";
    }

    /// <summary>kubeconfigs that may hold a copy of admin.conf: the invoking user's (under sudo, SUDO_USER's) ~/.kube/config.</summary>
    private static IReadOnlyList<string> KubeconfigCopies(CliContext context)
    {
        var copies = new List<string>();
        if (context.GetEnvironmentVariable("HOME") is { Length: > 0 } home) copies.Add(Path.Combine(home, ".kube", "config"));
        if (context.GetEnvironmentVariable("SUDO_USER") is { Length: > 0 } user && HomeOf(user) is { } sudoHome) copies.Add(Path.Combine(sudoHome, ".kube", "config"));
        return copies.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>A user's home directory from /etc/passwd (name:x:uid:gid:gecos:home:shell).</summary>
    private static string? HomeOf(string user)
    {
        try
        {
            return File.ReadLines("/etc/passwd").Select(l => l.Split(':')).FirstOrDefault(f => f.Length >= 7 && f[0] == user)?[5];
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static async Task<int> Fail(CliContext context, string message)
    {
        await context.Error.WriteLineAsync($"doomsday renew: {message}");
        return RenewalExitCodes.InputError;
    }
}
