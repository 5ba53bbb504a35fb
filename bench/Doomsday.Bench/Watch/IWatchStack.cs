namespace Doomsday.Bench.Watch;

/// <summary>One monitoring stack under test: its processes, and which of them is the prober compared on CPU.</summary>
internal interface IWatchStack : IDisposable
{
    string Label { get; }

    /// <summary>What exactly runs (printed with the figures).</summary>
    string Description { get; }

    IReadOnlyList<ServiceProcess> Processes { get; }
}
