using Doomsday.Core.Sources.Cluster;

namespace Doomsday.Core.Doctor.Checks.Support;

/// <summary>
/// Which clusters the API checks look at. A cluster that could not be reached at all is the access check's
/// one finding (<see cref="ApiAccessCheck"/>); the other checks then say nothing about it (no cascade).
/// </summary>
internal static class ClusterReads
{
    /// <summary>True when the API checks have something to look at for this cluster.</summary>
    public static bool Readable(ClusterSnapshot snapshot) => !snapshot.Unreachable;
}
