using Doomsday.Cli.Hosting;
using Doomsday.Daemon.Client;
using Doomsday.Daemon.Http.V1;
using Doomsday.Watch.Renewal;
using Doomsday.Watch.Store;

namespace Doomsday.Cli.Commands.Renew;

/// <summary>
/// A renewal that changed something (renewed, rolled back, or left needing attention) goes into the incident
/// log of the node's <c>doomsday watch</c>, found as <c>status</c> and <c>ack</c> find it (<c>--url</c>,
/// <c>--token</c>, <c>--config</c>, <c>$DOOMSDAY_TOKEN</c>, else 127.0.0.1:9797). No daemon, or one that
/// refuses: one <c>[after]</c> line says so and the renewal's exit code stays what it was.
/// </summary>
internal static class RenewalIncidentLog
{
    /// <summary>How long the daemon may take to answer: the renewal is done, this only records it.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>The <c>[after]</c> line (also shown as it happens), or null when the outcome is nothing to record.</summary>
    /// <param name="client">The daemon as the flags name it (<see cref="DaemonConnectionOptions.TryConnect"/>, checked before the renewal began).</param>
    public static async Task<string?> RecordAsync(DaemonApiClient client, RenewalReport report, IRenewalProgress progress, CancellationToken ct)
    {
        var kind = report.Outcome switch
        {
            RenewalOutcome.Renewed => IncidentEventKinds.RenewalVerified,
            RenewalOutcome.RolledBack => IncidentEventKinds.RenewalRolledBack,
            RenewalOutcome.NeedsAttention => IncidentEventKinds.RenewalNeedsAttention,
            _ => null,
        };
        if (kind is null) return null;
        string line;
        try
        {
            var incident = await client.RecordIncidentEventAsync(Event(kind, report), ct);
            line = $"incident log: recorded by doomsday watch at {client.ShownUrl} (incident {incident.Id}, {incident.Events.Count} event(s) in its timeline)";
        }
        catch (DaemonApiException e)
        {
            line = $"incident log: not written: {e.Message}";
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Interrupted after the renewal: the report and the exit code are still the renewal's.
            line = "incident log: not written: interrupted";
        }
        progress.Stage("after", line);
        return line;
    }

    /// <summary>The event: the node as subject, what was renewed and verified (or what failed), the backup path. No key, no token.</summary>
    internal static V1IncidentEventRequest Event(string kind, RenewalReport report)
    {
        var host = Environment.MachineName;
        var verified = report.Components.Where(c => c.Status == ComponentStatus.Verified).Select(c => c.Pod).ToList();
        var detail = report.Outcome switch
        {
            RenewalOutcome.Renewed => $"renewed {report.Renewed.Count} certificates ({string.Join(", ", report.Renewed.Select(r => r.Name))})" +
                                      (verified.Count > 0 ? $"; {string.Join(", ", verified)} restarted and seen serving them" : "") +
                                      $"; backup {report.BackupDirectory}",
            RenewalOutcome.RolledBack => $"FAILED and rolled back: {report.Failure}; {string.Join("; ", report.NodeState)}",
            _ => $"FAILED, NEEDS ATTENTION: {report.Failure}; {string.Join("; ", report.NodeState)}",
        };
        detail = detail.ReplaceLineEndings(" ");
        const int max = V1IncidentEventRequest.MaxDetailLength;
        if (detail.Length > max) detail = detail[..(max - 1)] + "…";
        return new V1IncidentEventRequest { Kind = kind, Subject = $"{host}:{report.Plan.Root}", Detail = detail, By = $"doomsday renew on {host}" };
    }
}
