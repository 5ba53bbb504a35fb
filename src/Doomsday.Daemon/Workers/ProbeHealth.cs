using Doomsday.Watch.Probes;

namespace Doomsday.Daemon.Workers;

/// <summary>
/// The probes' loops live in the scheduler, not in a <see cref="WorkerLoop"/>: a loop that died would
/// leave its probe's last state (and its alert) frozen without a word. A probe that has run once and has
/// not run again for <c>2 × interval + timeout + 1 minute</c> is a <c>/healthz</c> problem.
/// </summary>
internal static class ProbeHealth
{
    public static IEnumerable<HealthProblem> Problems(IReadOnlyList<ProbeStatus> probes, DateTimeOffset now)
    {
        foreach (var p in probes)
        {
            if (p.LastRunAt is not { } last) continue; // not run yet: a spread start may wait up to one interval
            var allowed = p.Probe.Interval * 2 + p.Probe.Timeout + TimeSpan.FromMinutes(1);
            if (now - last > allowed) yield return new HealthProblem($"probe {p.Probe.Name}", $"no run since {last:yyyy-MM-ddTHH:mm:ssZ}");
        }
    }
}
