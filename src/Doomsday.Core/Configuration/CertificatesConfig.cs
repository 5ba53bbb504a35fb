using Doomsday.Core.Sources.Endpoints;

namespace Doomsday.Core.Configuration;

/// <summary>
/// The <c>certificates</c> section: what the inventory scans, every <see cref="Interval"/>. Relative
/// paths are resolved against the config file's directory. <see cref="Endpoints"/> use scan's
/// <c>--endpoint</c> syntax (<see cref="EndpointSpec.Syntax"/>); <see cref="EndpointTargets"/> is them parsed.
/// </summary>
public sealed record CertificatesConfig
{
    public string? Kubeadm { get; init; }
    public IReadOnlyList<string> Paths { get; init; } = [];
    public IReadOnlyList<string> Kubeconfigs { get; init; } = [];
    public IReadOnlyList<string> Endpoints { get; init; } = [];
    public ClusterConfig? Cluster { get; init; }
    public TimeSpan Interval { get; init; } = TimeSpan.FromHours(1);

    /// <summary><see cref="Endpoints"/> parsed (the loader has rejected any that do not parse).</summary>
    public IReadOnlyList<EndpointTarget> EndpointTargets =>
        Endpoints.Select(e => EndpointSpec.TryParse(e, out var t, out _) ? t! : null).OfType<EndpointTarget>().ToList();

    private bool PrintMembers(System.Text.StringBuilder builder) => RedactedPrinter.PrintMembers(this, builder);
}
