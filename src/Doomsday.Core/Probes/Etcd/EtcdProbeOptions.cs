namespace Doomsday.Core.Probes.Etcd;

/// <summary>Probes etcd's <c>/health</c> (JSON <c>{"health":"true"}</c>; on 503 the JSON <c>reason</c> becomes the detail).</summary>
public sealed record EtcdProbeOptions : ProbeOptions
{
    public override string Kind => "etcd";
    public override string Target => HttpExchange.DescribeUrl(Url);
    public required string Url { get; init; }
    public TlsClientOptions? Tls { get; init; }
}
