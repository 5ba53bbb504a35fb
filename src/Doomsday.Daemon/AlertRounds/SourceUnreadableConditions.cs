using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Cluster;
using Doomsday.Watch.Alerting;
using L = Doomsday.Daemon.AlertRounds.DaemonAlertNames.Labels;

namespace Doomsday.Daemon.AlertRounds;

/// <summary>
/// <see cref="DaemonAlertNames.SourceUnreadable"/>: one condition per place the last inventory could not read,
/// labelled with the place and the reason code, so a reason that changes (not_found, then permission_denied)
/// is a new alert and the old one resolves. Their source, <see cref="DaemonAlertNames.InventorySource"/>, is
/// evaluated by every completed inventory: an error gone from the latest one resolves its alert.
/// A Kubernetes list that failed (a whole resource of a cluster) is left out: the <c>api-access-denied</c> and
/// <c>api-unreachable</c> <see cref="DaemonAlertNames.DoctorFinding"/> alerts report it, with the RBAC runbook.
/// </summary>
internal static class SourceUnreadableConditions
{
    public const string Severity = "warning";

    public static IEnumerable<AlertCondition> From(IReadOnlyList<SourceError> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in errors)
        {
            if (e.Source is ClusterSourceRef { Name.Length: 0 }) continue;
            var condition = new AlertCondition
            {
                Name = DaemonAlertNames.SourceUnreadable,
                Source = DaemonAlertNames.InventorySource,
                Labels = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    [L.Source] = e.Source.Display,
                    [L.Reason] = e.Reason,
                },
                Severity = Severity,
                Summary = $"cannot read {e.Source.Display} ({e.Reason}): its certificates are not watched",
                Detail = e.Message,
            };
            if (seen.Add(condition.Fingerprint)) yield return condition;
        }
    }
}
