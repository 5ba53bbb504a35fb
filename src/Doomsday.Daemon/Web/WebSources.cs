using Doomsday.Daemon.AlertRounds;
using Doomsday.Daemon.Workers;
using Doomsday.Watch.Alerting;
using Doomsday.Watch.Probes;
using Doomsday.Watch.Store;

namespace Doomsday.Daemon.Web;

/// <summary>What the pages read and act on: the daemon's live state, its store and clock, and the token in force.</summary>
internal sealed record WebSources
{
    public required Func<InventorySnapshot?> Inventory { get; init; }
    public required Func<IReadOnlyList<ProbeStatus>> Probes { get; init; }
    public required RecentProbeResults Recent { get; init; }
    public required AlertEngine Engine { get; init; }
    public required DecisionWriter Writer { get; init; }
    public required DoomsdayStore Store { get; init; }
    public required TimeProvider Time { get; init; }

    /// <summary><c>server.bearerToken</c>: null or empty when pages need no sign-in.</summary>
    public required Func<string?> Token { get; init; }
}
