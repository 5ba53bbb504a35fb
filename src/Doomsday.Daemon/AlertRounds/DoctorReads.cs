using Doomsday.Core.Doctor;
using Doomsday.Core.Sources.Cluster;

namespace Doomsday.Daemon.AlertRounds;

/// <summary>
/// Which of the doctor's inputs one inventory round read without error (<see cref="DoctorSources"/>).
/// <see cref="None"/> (nothing read) resolves no doctor alert.
/// </summary>
/// <param name="Local">No read error at all in the gathering, and every handshake succeeded.</param>
/// <param name="Attempted">Contexts whose API was tried this round.</param>
/// <param name="Reachable">Contexts whose API answered.</param>
/// <param name="FullyRead">Contexts whose every list succeeded.</param>
/// <param name="TargetsResolved">The configured clusters resolved without error (none configured counts).</param>
public sealed record DoctorReads(
    bool Local,
    IReadOnlySet<string> Attempted,
    IReadOnlySet<string> Reachable,
    IReadOnlySet<string> FullyRead,
    bool TargetsResolved)
{
    public static readonly DoctorReads None = new(false, new HashSet<string>(), new HashSet<string>(), new HashSet<string>(), false);

    public static DoctorReads From(DoctorInputs inputs, ClusterTargetSet? targets)
    {
        var ordinal = StringComparer.Ordinal;
        return new DoctorReads(
            Local: inputs.Errors.Count == 0 && inputs.Served.All(s => s.Result.Succeeded) && inputs.KubeconfigServers.All(s => s.Result.Succeeded),
            Attempted: inputs.Clusters.Select(c => c.Context).ToHashSet(ordinal),
            Reachable: inputs.Clusters.Where(c => !c.Unreachable).Select(c => c.Context).ToHashSet(ordinal),
            FullyRead: inputs.Clusters.Where(c => !c.Unreachable && c.Errors.Count == 0).Select(c => c.Context).ToHashSet(ordinal),
            TargetsResolved: targets is null || targets.Errors.Count == 0);
    }
}
