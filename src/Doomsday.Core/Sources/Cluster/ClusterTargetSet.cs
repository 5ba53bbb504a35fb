using Doomsday.Core.Inventory;

namespace Doomsday.Core.Sources.Cluster;

/// <summary>The clusters a run reads, and the contexts that could not be turned into a client (as data).</summary>
public sealed record ClusterTargetSet(IReadOnlyList<ClusterTarget> Targets, IReadOnlyList<SourceError> Errors)
{
    public static ClusterTargetSet Empty { get; } = new([], []);
}
