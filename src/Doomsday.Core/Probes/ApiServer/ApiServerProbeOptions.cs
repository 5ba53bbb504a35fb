namespace Doomsday.Core.Probes.ApiServer;

/// <summary>
/// Probes a kube-apiserver: <c>/livez</c> then <c>/readyz?verbose</c>; the HTTP status decides.
/// Credentials: anonymous by default, or a kubeconfig (and context) whose user and CA are used;
/// <see cref="Tls"/> overrides.
/// </summary>
public sealed record ApiServerProbeOptions : ProbeOptions
{
    public override string Kind => "apiserver";
    public override string Target => HttpExchange.DescribeUrl(Url);
    public required string Url { get; init; }
    public string? Kubeconfig { get; init; }
    public string? Context { get; init; }
    public TlsClientOptions? Tls { get; init; }
}
