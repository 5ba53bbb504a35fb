using Doomsday.Core.Configuration.Rules;

namespace Doomsday.Watch.Probes.ApiServer;

/// <summary>
/// Probes a kube-apiserver: <c>/livez</c> then <c>/readyz?verbose</c>; the HTTP status decides.
/// Credentials: anonymous by default, or a kubeconfig (and context) whose user and CA are used;
/// <see cref="Tls"/> overrides.
/// </summary>
public sealed record ApiServerProbeOptions : ProbeOptions
{
    /// <summary>The <c>kind</c> of the config file, written only here (the registry and <see cref="Kind"/> use it).</summary>
    public const string KindName = "apiserver";

    public override string Kind => KindName;
    public override string Target => HttpExchange.DescribeUrl(Url);
    [HttpUrl]
    public required string Url { get; init; }
    [ConfigPath]
    public string? Kubeconfig { get; init; }
    public string? Context { get; init; }
    public TlsClientOptions? Tls { get; init; }
}
