using Doomsday.Core.Doctor;

namespace Doomsday.Daemon.AlertRounds;

/// <summary>
/// The condition source of a doctor alert: the input its finding was judged from, plus the finding itself,
/// so that a finding that vanishes because its input could not be read this round keeps its alert. A
/// condition makes its own source evaluated (<see cref="Watch.Alerting.AlertRound"/>), so each alert has its
/// own source (<c>SCOPE|FINDING|SUBJECT</c>): another finding of the same scope being present must not
/// resolve this one. The scope is the one the finding's check declares (<see cref="FindingIds.ScopeOf"/>):
/// <list type="bullet">
/// <item><c>doctor:k8s-access:CONTEXT</c> — <see cref="FindingScope.ClusterAccess"/> (<c>api-access-denied</c>,
/// <c>api-unreachable</c>): read when the cluster's API answered this round.</item>
/// <item><c>doctor:k8s:CONTEXT</c> — <see cref="FindingScope.ClusterObjects"/>, the other API checks: read when
/// every list of that cluster succeeded.</item>
/// <item><c>doctor:local</c> — <see cref="FindingScope.Local"/> (kubeadm tree, files, kubeconfigs, handshakes;
/// these checks also look across every certificate, cluster ones included), and a cluster finding whose
/// subject names no context read this round: read when the whole gathering had no read error and every
/// handshake succeeded.</item>
/// </list>
/// A cluster scope whose context is no longer configured counts as read when the cluster targets resolved
/// without error (the configuration, not a failure, removed it). The strings are stored with the alert
/// state, so they must stay stable.
/// </summary>
internal static class DoctorSources
{
    public const string Prefix = DaemonAlertNames.DoctorSource + ":";
    public const string Local = Prefix + "local";
    public const string ClusterPrefix = Prefix + "k8s:";
    public const string AccessPrefix = Prefix + "k8s-access:";

    /// <summary>The source of the alert raised for <paramref name="finding"/>, given this round's cluster contexts.</summary>
    public static string SourceOf(Finding finding, DoctorReads reads) => Scope(finding, reads) + "|" + finding.Id + "|" + finding.Subject;

    /// <summary>True when the input of the alert held under <paramref name="source"/> was read this round.</summary>
    public static bool Evaluated(string source, DoctorReads reads)
    {
        if (source.StartsWith(Local + "|", StringComparison.Ordinal)) return reads.Local;
        if (TryContext(source, AccessPrefix, out var context))
            return reads.Attempted.Contains(context) ? reads.Reachable.Contains(context) : reads.TargetsResolved;
        if (TryContext(source, ClusterPrefix, out context))
            return reads.Attempted.Contains(context) ? reads.FullyRead.Contains(context) : reads.TargetsResolved;
        return false;
    }

    private static string Scope(Finding f, DoctorReads reads)
    {
        var scope = FindingIds.ScopeOf(f.Id);
        if (scope == FindingScope.Local) return Local;
        // Cluster subjects start with the context (Runbooks.ClusterApi.Subject); the longest match wins.
        var context = reads.Attempted.Where(c => f.Subject.StartsWith(c + " ", StringComparison.Ordinal)).MaxBy(c => c.Length);
        if (context is null) return Local;
        return (scope == FindingScope.ClusterAccess ? AccessPrefix : ClusterPrefix) + context;
    }

    private static bool TryContext(string source, string prefix, out string context)
    {
        context = "";
        if (!source.StartsWith(prefix, StringComparison.Ordinal)) return false;
        var end = source.IndexOf('|', prefix.Length);
        if (end < 0) return false;
        context = source[prefix.Length..end];
        return true;
    }
}
