using Doomsday.Core.Sources.Endpoints;
using Doomsday.Core.Configuration.Rules;

namespace Doomsday.Watch.Configuration;

/// <summary>
/// The <c>certificates</c> section: what the inventory scans, every <see cref="Interval"/>. Relative
/// paths are resolved against the config file's directory. <see cref="Endpoints"/> use scan's
/// <c>--endpoint</c> syntax (<see cref="EndpointSpec.Syntax"/>); <see cref="EndpointTargets"/> is them parsed.
/// </summary>
public sealed record CertificatesOptions
{
    [ConfigPath]
    public string? Kubeadm { get; init; }
    [ConfigPath]
    public IReadOnlyList<string> Paths { get; init; } = [];
    [ConfigPath]
    public IReadOnlyList<string> Kubeconfigs { get; init; } = [];
    [Endpoint]
    public IReadOnlyList<string> Endpoints { get; init; } = [];
    public ClusterOptions? Cluster { get; init; }
    [PositiveDuration(MinimumMilliseconds = 1000)]
    public TimeSpan Interval { get; init; } = TimeSpan.FromHours(1);

    /// <summary><see cref="Endpoints"/> parsed (the loader has rejected any that do not parse).</summary>
    public IReadOnlyList<EndpointTarget> EndpointTargets =>
        Endpoints.Select(e => EndpointSpec.TryParse(e, out var t, out _) ? t! : null).OfType<EndpointTarget>().ToList();

    private bool PrintMembers(System.Text.StringBuilder builder) => RedactedPrinter.PrintMembers(this, builder);
}
