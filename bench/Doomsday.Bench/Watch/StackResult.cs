namespace Doomsday.Bench.Watch;

/// <summary>CPU and memory of one process of a stack over the run.</summary>
internal sealed record ProcessFigures(string Name, double SteadyCpuSeconds, double TotalCpuSeconds, long PeakRssKiB);

/// <summary>What one stack did: per-process figures, nginx load while it ran, and per-target detection latency.</summary>
internal sealed record StackResult(
    string Label,
    string Description,
    double SteadySeconds,
    IReadOnlyList<ProcessFigures> Processes,
    double RequestsPerSecond,
    double NginxCpuSeconds,
    IReadOnlyList<double> LatenciesSeconds,
    int Expected,
    double KillToRefusedMs,
    string Load);
