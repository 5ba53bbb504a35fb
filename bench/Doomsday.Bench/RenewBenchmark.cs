using Doomsday.Core.Sources.Endpoints;
using Doomsday.Watch.Renewal;

namespace Doomsday.Bench;

/// <summary>
/// <c>renew</c>: a full single-node renewal (native renewer, every certificate kubeadm renews) of a
/// control-plane node run by the tests' kubelet stand-in (real etcd, nginx as the API server,
/// openssl s_server with localhost@time pairs for controller-manager and scheduler), timed stage by
/// stage. The stand-in reacts to a manifest move after <c>--pick-up</c> seconds, like the kubelet's
/// periodic look at its manifests directory; each restart waits for it twice (stop, start).
/// Targets: the whole renewal under 2 minutes, nearly all of it pick-up delay; verification under 5 s per component.
/// </summary>
internal static class RenewBenchmark
{
    public static int Run(BenchOptions o)
    {
        Machine.Print();
        var pickUp = TimeSpan.FromSeconds(o.PickUpSeconds);
        for (var run = 1; run <= o.Runs; run++)
        {
            using var node = new RenewalNode(DateTimeOffset.UtcNow.AddDays(-350), Doomsday.Core.Pki.KubeadmKeyAlgorithm.Rsa2048);
            using var kubelet = new KubeletStandIn(node.Layout, pickUp);
            var environment = new TestRenewalEnvironment(kubelet);
            var request = new RenewalRequest { KubeadmRoot = node.Root, Native = true };
            // The stand-in's first start is not part of the renewal: wait until every component answers.
            var planner = new RenewalPlanner(ITlsHandshaker.Default, TimeProvider.System, environment);
            Eventually.UntilAsync(async () =>
            {
                var p = await planner.PlanAsync(request, CancellationToken.None);
                return p.Components.SelectMany(c => c.ServedBefore).All(s => s.Fingerprint is not null) ? p : null;
            }, TimeSpan.FromMinutes(2), "every stand-in serving").GetAwaiter().GetResult();

            var clock = System.Diagnostics.Stopwatch.StartNew();
            var plan = planner.PlanAsync(request, CancellationToken.None).GetAwaiter().GetResult();
            var planned = clock.Elapsed;
            var report = new RenewalRun(ITlsHandshaker.Default, TimeProvider.System, environment, new RecordingProgress())
                .ExecuteAsync(plan, request, CancellationToken.None).GetAwaiter().GetResult();
            var total = clock.Elapsed;

            Console.WriteLine();
            Console.WriteLine($"run {run}: outcome {report.Outcome.ToWire()}, {report.Renewed.Count} certificates renewed natively (RSA-2048), pick-up delay {pickUp.TotalSeconds:0.#} s");
            Console.WriteLine($"{"component",-24} {"restart",9} {"of it pick-up",14} {"verify",8}");
            var restartSum = TimeSpan.Zero;
            var verifySum = TimeSpan.Zero;
            foreach (var c in report.Components)
            {
                var verify = c.Verify?.Took ?? TimeSpan.Zero;
                var restartTook = RestartTook(c);
                restartSum += restartTook;
                verifySum += verify;
                Console.WriteLine($"{c.Pod,-24} {restartTook.TotalSeconds,8:0.00}s {2 * pickUp.TotalSeconds,13:0.0}s {verify.TotalSeconds,7:0.00}s   {c.Status.ToWire()}");
            }
            var rest = total - planned - restartSum - verifySum;
            Console.WriteLine($"plan {planned.TotalSeconds:0.00} s; restarts {restartSum.TotalSeconds:0.00} s (pick-up {8 * pickUp.TotalSeconds:0.0} s of it); verification {verifySum.TotalSeconds:0.00} s; " +
                              $"backup, renewal, re-read and afterwards {rest.TotalSeconds:0.00} s; total {total.TotalSeconds:0.00} s");
            Console.WriteLine($"target: total under 120 s   {(total < TimeSpan.FromMinutes(2) && report.Outcome == RenewalOutcome.Renewed ? "MET" : "MISSED")}; " +
                              $"verification under 5 s per component   {(report.Components.All(c => c.Verify?.Took < TimeSpan.FromSeconds(5)) ? "MET" : "MISSED")}");
        }
        return 0;
    }

    /// <summary>From the manifest moved out to the new container running.</summary>
    private static TimeSpan RestartTook(ComponentReport c) =>
        c.Restart is { RunningAt: { } running, MovedOutAt: { } moved } ? running - moved : TimeSpan.Zero;
}
