using System.Security.Cryptography.X509Certificates;
using Doomsday.Core.Doctor.Runbooks;
using Doomsday.Core.Sources.Endpoints;
using Doomsday.Core.Sources.Kubeadm;
using Doomsday.Watch.Probes;
using Doomsday.Watch.Probes.ApiServer;
using Doomsday.Watch.Probes.Etcd;

namespace Doomsday.Watch.Renewal;

/// <summary>
/// Stages 2 to 6 of a renewal the plan allowed: back up, renew (kubeadm or native) and re-read every
/// file, restart and verify each component in kubeadm upgrade's order, roll back the one that does not
/// come back, then the follow-ups. Holds the lock throughout. Never leaves a manifest outside
/// <c>manifests/</c>; stops at the first component that fails, and says what state the node is in.
/// </summary>
public sealed class RenewalRun(ITlsHandshaker handshaker, TimeProvider time, IRenewalEnvironment environment, IRenewalProgress progress)
{
    public async Task<RenewalReport> ExecuteAsync(RenewalPlan plan, RenewalRequest request, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var transcript = new List<string>();
        RenewalReport Done(RenewalOutcome outcome, string? failure, RenewalBackup? backup, List<RenewedCertificate> renewed, List<ComponentReport> components,
            List<string> afterwards, List<string> state) =>
            new(plan, outcome, failure, backup?.Directory, backup?.RestoreCommand, renewed, components, afterwards, state, transcript, started, time.GetUtcNow() - started);

        if (plan.Blockers.Count > 0) return Done(RenewalOutcome.Refused, string.Join("\n", plan.Blockers), null, [], [], [], ["nothing was changed"]);
        using var held = RenewalLock.TryAcquire(plan.Root, started, out var refusal);
        if (held is null) return Done(RenewalOutcome.Refused, refusal, null, [], [], [], ["nothing was changed"]);

        // Stage 2: back up.
        RenewalBackup backup;
        try
        {
            backup = RenewalBackup.Create(new KubeadmLayout(plan.Root), request.BackupParent ?? RenewalBackup.DefaultParent(plan.Root), started, plan.Configuration?.Text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Done(RenewalOutcome.Refused, $"the backup could not be written: {e.Message}", null, [], [], [], ["nothing was changed"]);
        }
        progress.Stage("backup", $"{backup.Files.Count} files (pki/, kubeconfigs, manifests/) copied to {backup.Directory}, with {RenewalBackup.SumsFile}");
        progress.Stage("backup", $"to put everything back by hand: {backup.RestoreCommand}");

        // Stage 3: renew, then read every file again.
        var names = plan.ToRenew.Select(c => c.Name).ToList();
        var allFiles = plan.ToRenew.SelectMany(c => c.KeyFile is null ? [c.File] : new[] { c.File, c.KeyFile }).ToList();
        var renewer = environment.Renewer(request, plan.Root, plan.Configuration, KubeadmNode.Discover(new KubeadmLayout(plan.Root)));
        progress.Stage("renew", $"{names.Count} certificates with {renewer.Description}");
        var result = await renewer.RenewAsync(plan.Root, names, cancellationToken).ConfigureAwait(false);
        transcript.AddRange(result.Transcript);
        var failure = result.Failure ?? (result.NotRenewed.Count > 0
            ? "not renewed: " + string.Join("; ", result.NotRenewed.Select(kv => $"{kv.Key} ({kv.Value})"))
            : null);
        List<RenewedCertificate> renewed = [];
        if (failure is null)
        {
            var (checkedRenewed, problems) = await RenewedFilesCheck.CheckAsync(plan, names, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            renewed = checkedRenewed;
            if (problems.Count > 0) failure = "the renewed files are not what they must be: " + string.Join("; ", problems);
        }
        if (failure is not null)
        {
            var restored = Restore(backup, allFiles);
            progress.Stage("renew", $"failed: {failure}");
            progress.Stage("renew", restored ?? $"every file was put back from {backup.Directory}; nothing was restarted");
            return Done(restored is null ? RenewalOutcome.RolledBack : RenewalOutcome.NeedsAttention, failure, backup, [], [], [],
                [restored ?? "the node runs on its previous certificates, as before: no file changed, nothing was restarted"]);
        }
        foreach (var r in renewed)
        {
            progress.Stage("renew", $"{r.Name}: serial {Short(r.Old.SerialNumber)} → {Short(r.New.SerialNumber)}, expires {r.New.NotAfter.UtcDateTime:yyyy-MM-dd HH:mm} UTC (was {r.Old.NotAfter.UtcDateTime:yyyy-MM-dd})");
        }

        // Stages 4 and 5: one component at a time.
        var layout = new KubeadmLayout(plan.Root);
        var ports = plan.Components.Where(c => c.Endpoints.Count > 0).ToDictionary(c => c.Pod, c => c.Endpoints[0].Target, StringComparer.Ordinal);
        var observer = environment.PodObserver(ports);
        var restarter = new StaticPodRestarter(observer, time, request.Restart);
        var verifier = new ComponentVerifier(handshaker, time, request.Verify);
        var parked = Path.Combine(backup.Directory, "moved-manifests");
        var reports = new List<ComponentReport>();
        RenewalOutcome outcome = RenewalOutcome.Renewed;
        string? stopped = null;
        foreach (var component in plan.Components)
        {
            if (stopped is not null)
            {
                reports.Add(new ComponentReport(component.Pod, ComponentStatus.NotRestarted, null, null, null, null, $"not restarted: {stopped}"));
                continue;
            }
            progress.Stage("restart", $"{component.Pod}: moving its manifest out, waiting for the kubelet to stop it (watching {observer.Name})");
            var restart = await restarter.RestartAsync(component.ManifestPath, parked, component.Pod, cancellationToken).ConfigureAwait(false);
            VerifyOutcome? verify = null;
            if (restart.Succeeded)
            {
                progress.Stage("restart", $"{component.Pod}: new container {Short(restart.NewContainer ?? "")} running; verifying what it serves");
                verify = await verifier.VerifyAsync(Expect(component, layout, plan, restart, useOld: false), cancellationToken).ConfigureAwait(false);
            }
            if (restart.Succeeded && verify!.Succeeded)
            {
                progress.Stage("verify", $"{component.Pod}: {Describe(verify)} ({verify.Took.TotalSeconds:0.0}s)");
                reports.Add(new ComponentReport(component.Pod, ComponentStatus.Verified, restart, verify, null, null, null));
                continue;
            }
            var why = restart.Failure ?? verify!.Failure!;
            progress.Stage("verify", $"{component.Pod}: FAILED: {why}");
            var rolled = await RollbackAsync(component, plan, backup, restarter, verifier, layout, parked, why, cancellationToken).ConfigureAwait(false);
            reports.Add(rolled with { Restart = restart, Verify = verify });
            outcome = rolled.Status == ComponentStatus.RolledBack ? RenewalOutcome.RolledBack : RenewalOutcome.NeedsAttention;
            stopped = $"{component.Pod} failed before it";
            failure = $"{component.Pod}: {why}";
        }

        // Stage 6: afterwards.
        var afterwards = outcome == RenewalOutcome.Renewed
            ? await Afterwards.RunAsync(plan, request, backup, renewed, time.GetUtcNow(), progress, cancellationToken).ConfigureAwait(false)
            : [];
        return Done(outcome, failure, backup, renewed, reports, afterwards, NodeState(plan, reports, renewed, backup, outcome));
    }

    private async Task<ComponentReport> RollbackAsync(PlannedComponent component, RenewalPlan plan, RenewalBackup backup, StaticPodRestarter restarter,
        ComponentVerifier verifier, KubeadmLayout layout, string parked, string why, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var expired = plan.ToRenew.Where(c => component.Files.Contains(c.File) && c.Current!.NotAfter <= now).ToList();
        if (expired.Count > 0)
        {
            var note = $"rollback cannot help: the previous {string.Join(", ", expired.Select(c => c.Name))} expired on " +
                       $"{expired.Min(c => c.Current!.NotAfter).UtcDateTime:yyyy-MM-dd HH:mm} UTC. Fix forward: find why {component.Pod} does not start with the renewed files " +
                       $"(sudo crictl ps -a {StaticPods.NameFilter(component.Pod)}; sudo crictl logs --tail 50 $(sudo crictl ps -a -q {StaticPods.NameFilter(component.Pod)} | head -n 1)); " +
                       "the renewed files stay in place";
            progress.Stage("rollback", $"{component.Pod}: {note}");
            return new ComponentReport(component.Pod, ComponentStatus.Failed, null, null, null, null, note);
        }
        try
        {
            backup.Restore(component.Files);
        }
        catch (IOException e)
        {
            var note = $"its previous files could not be restored: {e.Message}";
            progress.Stage("rollback", $"{component.Pod}: {note}");
            return new ComponentReport(component.Pod, ComponentStatus.Failed, null, null, null, null, note);
        }
        progress.Stage("rollback", $"{component.Pod}: restored {string.Join(", ", component.Files)} from the backup; restarting it on them");
        var restart = await restarter.RestartAsync(component.ManifestPath, parked, component.Pod, cancellationToken).ConfigureAwait(false);
        if (!restart.Succeeded)
        {
            progress.Stage("rollback", $"{component.Pod}: FAILED: {restart.Failure}");
            return new ComponentReport(component.Pod, ComponentStatus.Failed, null, null, restart, null, $"rolled back on disk, but it did not come back: {restart.Failure}");
        }
        var verify = await verifier.VerifyAsync(Expect(component, layout, plan, restart, useOld: true), cancellationToken).ConfigureAwait(false);
        progress.Stage("rollback", verify.Succeeded ? $"{component.Pod}: {Describe(verify)}: back on its previous certificates" : $"{component.Pod}: FAILED: {verify.Failure}");
        return verify.Succeeded
            ? new ComponentReport(component.Pod, ComponentStatus.RolledBack, null, null, restart, verify, $"did not come back on the renewed certificates ({why}); serves its previous ones again")
            : new ComponentReport(component.Pod, ComponentStatus.Failed, null, null, restart, verify, $"rolled back on disk, but not verified: {verify.Failure}");
    }

    /// <summary>What the restarted component must show: the file it serves (the renewed one, or after a rollback the previous one), its health.</summary>
    private static VerifyExpectation Expect(PlannedComponent component, KubeadmLayout layout, RenewalPlan plan, RestartOutcome restart, bool useOld)
    {
        var served = new List<ServedExpectation>();
        for (var i = 0; i < component.Endpoints.Count; i++)
        {
            var e = component.Endpoints[i];
            var file = component.ServedFiles[i];
            served.Add(file is null
                ? e with { MadeAfter = restart.ManifestBackAt }
                : e with { Fingerprint = useOld ? OldFingerprint(plan, file) ?? Fingerprint(file) : Fingerprint(file) });
        }
        var health = new List<HealthExpectation>();
        var manifest = KubeadmNode.Discover(layout).Manifests.FirstOrDefault(m => m.Component == component.Pod);
        if (component.Pod == "etcd" && manifest is not null && component.Endpoints.FirstOrDefault(e => e.What == "client") is { } client)
        {
            var tls = RenewalPlanner.EtcdClientTls(layout, manifest);
            health.Add(new HealthExpectation($"etcd /health with {Path.GetFileName(tls.Cert)}",
                context => new EtcdProbe(new EtcdProbeOptions { Name = "etcd", Url = $"https://{client.Target.Host}:{client.Target.Port}/health", Tls = tls }, context)));
        }
        if (component.Pod == "kube-apiserver" && component.Endpoints.FirstOrDefault() is { } api)
        {
            // /readyz is 200 only once the API server reaches etcd, with its --etcd-certfile: the etcd client certificate works.
            var tls = new TlsClientOptions { Ca = Path.Combine(layout.Pki, "ca.crt"), ServerName = "kubernetes" };
            health.Add(new HealthExpectation("/readyz (etcd reached with its etcd client certificate)",
                context => new ApiServerProbe(new ApiServerProbeOptions { Name = "kube-apiserver", Url = $"https://{api.Target.Host}:{api.Target.Port}", Tls = tls }, context)));
        }
        return new VerifyExpectation(component.Pod, served, health);
    }

    private static string? OldFingerprint(RenewalPlan plan, string servedFile) =>
        plan.ToRenew.FirstOrDefault(c => Path.GetFullPath(Path.Combine(plan.Root, c.File)) == servedFile)?.Current?.FingerprintSha256;

    private static string Fingerprint(string file)
    {
        try
        {
            using var cert = X509CertificateLoader.LoadCertificateFromFile(file);
            return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(cert.RawData));
        }
        catch (Exception e) when (e is IOException or System.Security.Cryptography.CryptographicException or UnauthorizedAccessException)
        {
            return $"(unreadable: {e.Message})";
        }
    }

    private static string? Restore(RenewalBackup backup, IEnumerable<string> files)
    {
        try
        {
            backup.Restore(files);
            return null;
        }
        catch (IOException e)
        {
            return $"the files could NOT all be put back ({e.Message}): restore them by hand: {backup.RestoreCommand}";
        }
    }

    private static string Describe(VerifyOutcome v) =>
        string.Join("; ", v.Served.Select(s => $"{s.Address} serves {s.Fingerprint?[..16]}…")) + (v.Health.Count > 0 ? "; " + string.Join("; ", v.Health) : "");

    private static string Short(string s) => s.Length > 16 ? s[..16] + "…" : s;

    private static List<string> NodeState(RenewalPlan plan, List<ComponentReport> reports, List<RenewedCertificate> renewed, RenewalBackup backup, RenewalOutcome outcome)
    {
        var state = new List<string>
        {
            $"files: {renewed.Count} certificates renewed on disk ({string.Join(", ", renewed.Select(r => r.Name))})" +
            (reports.Any(r => r.Status == ComponentStatus.RolledBack) ? ", except those restored by the rollback below" : ""),
        };
        foreach (var r in reports)
        {
            state.Add(r.Status switch
            {
                ComponentStatus.Verified => $"{r.Pod}: restarted, serves its renewed certificates",
                ComponentStatus.RolledBack => $"{r.Pod}: ROLLED BACK: {r.Note}",
                ComponentStatus.Failed => $"{r.Pod}: FAILED: {r.Note}",
                _ => $"{r.Pod}: not restarted: runs on the certificates it loaded at its last start; its files on disk are renewed " +
                     $"({string.Join(", ", plan.Components.First(c => c.Pod == r.Pod).Files.Where(f => !f.EndsWith(".key", StringComparison.Ordinal)))})",
            });
        }
        if (outcome != RenewalOutcome.Renewed)
        {
            state.Add($"everything as it was before: {backup.RestoreCommand}, then restart the components one at a time in the order {string.Join(", ", RenewalPlanner.RestartOrder)}");
            state.Add("or fix the cause and run doomsday renew again: it renews from the current files and restarts every component");
            foreach (var r in reports.Where(r => r.Status == ComponentStatus.NotRestarted))
            {
                state.Add($"{r.Pod}: to restart it by hand (it loads the renewed files only then): {Afterwards.Commands(StaticPods.Restart(r.Pod))}");
            }
        }
        return state;
    }
}
