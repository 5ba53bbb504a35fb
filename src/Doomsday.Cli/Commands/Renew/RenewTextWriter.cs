using Doomsday.Core.Certificates;
using Doomsday.Watch.Renewal;

namespace Doomsday.Cli.Commands.Renew;

/// <summary>
/// renew's text output: one line per event, prefixed with its stage in kubeadm's manner
/// (<c>[plan]</c>, <c>[backup]</c>, <c>[renew]</c>, <c>[restart]</c>, <c>[verify]</c>, <c>[rollback]</c>,
/// <c>[after]</c>), written as it happens so a five-minute wait is never silent, and readable in a log.
/// </summary>
internal sealed class RenewTextWriter(TextWriter output) : IRenewalProgress
{
    public void Stage(string stage, string line)
    {
        output.WriteLine($"[{stage}] {line}");
        output.Flush();
    }

    public void Plan(RenewalPlan plan, Thresholds thresholds, DateTimeOffset now)
    {
        Stage("plan", $"{plan.Root}, renewing with {plan.Renewer}");
        var rows = plan.Certificates.Select(c => (
            c.Name,
            c.Current is null ? "-" : $"{c.Current.NotAfter.UtcDateTime:MMM dd, yyyy HH:mm} UTC",
            c.Current is null ? "-" : Durations.FormatResidual(c.Current.NotAfter - now),
            c.Severity?.ToWire() ?? "-",
            c.Action.ToWire() + (c.Note is null ? "" : $" ({c.Note})"))).ToList();
        var w1 = Math.Max("CERTIFICATE".Length, rows.Max(r => r.Name.Length));
        var w2 = Math.Max("EXPIRES".Length, rows.Max(r => r.Item2.Length));
        var w3 = Math.Max("RESIDUAL TIME".Length, rows.Max(r => r.Item3.Length));
        var w4 = Math.Max("STATUS".Length, rows.Max(r => r.Item4.Length));
        output.WriteLine($"{"CERTIFICATE".PadRight(w1)}   {"EXPIRES".PadRight(w2)}   {"RESIDUAL TIME".PadRight(w3)}   {"STATUS".PadRight(w4)}   ACTION");
        foreach (var r in rows) output.WriteLine($"{r.Name.PadRight(w1)}   {r.Item2.PadRight(w2)}   {r.Item3.PadRight(w3)}   {r.Item4.PadRight(w4)}   {r.Item5}");
        foreach (var c in plan.Components)
        {
            Stage("plan", $"restart {c.Pod} (it loads {string.Join(", ", c.Files.Where(f => !f.EndsWith(".key", StringComparison.Ordinal)))})");
        }
        foreach (var p in plan.Preflight)
        {
            Stage("preflight", $"{Mark(p.Status)} {p.Name}: {p.Detail}");
        }
        if (plan.Due(thresholds, now) is false && plan.ToRenew.Any()) Stage("plan", $"nothing selected expires within {Durations.Format(thresholds.Warning)}");
    }

    public void Summary(RenewalReport report)
    {
        if (report.Failure is not null && report.Outcome == RenewalOutcome.Refused) Stage("result", $"refused: {report.Failure}");
        foreach (var r in report.Renewed)
        {
            Stage("result", $"{r.Name}: serial {r.Old.SerialNumber} → {r.New.SerialNumber}; expires {r.Old.NotAfter.UtcDateTime:yyyy-MM-dd HH:mm} → " +
                            $"{r.New.NotAfter.UtcDateTime:yyyy-MM-dd HH:mm} UTC; SHA-256 {r.Old.FingerprintSha256[..16]}… → {r.New.FingerprintSha256[..16]}…");
        }
        foreach (var line in report.NodeState) Stage("state", line);
        if (report.BackupDirectory is not null) Stage("result", $"backup: {report.BackupDirectory} (restore by hand: {report.RestoreCommand})");
        Stage("result", report.Outcome switch
        {
            RenewalOutcome.Planned => "dry run: nothing was changed",
            RenewalOutcome.NothingDue => "nothing is due: nothing was changed",
            RenewalOutcome.Refused => "refused: nothing was changed",
            RenewalOutcome.Renewed => $"renewed and verified in {report.Took.TotalSeconds:0.0}s",
            RenewalOutcome.RolledBack => $"FAILED and rolled back: {report.Failure}",
            _ => $"FAILED, NEEDS ATTENTION: {report.Failure}",
        });
    }

    private static string Mark(CheckStatus s) => s switch
    {
        CheckStatus.Ok => "ok  ",
        CheckStatus.Warning => "WARN",
        CheckStatus.Failed => "FAIL",
        _ => "skip",
    };
}
