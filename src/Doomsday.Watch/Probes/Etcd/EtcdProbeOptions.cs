using Doomsday.Core.Configuration.Rules;

namespace Doomsday.Watch.Probes.Etcd;

/// <summary>Probes etcd's <c>/health</c> (JSON <c>{"health":"true"}</c>; on 503 the JSON <c>reason</c> becomes the detail).</summary>
public sealed record EtcdProbeOptions : ProbeOptions
{
    /// <summary>The <c>kind</c> of the config file, written only here (the registry and <see cref="Kind"/> use it).</summary>
    public const string KindName = "etcd";

    public override string Kind => KindName;
    public override string Target => HttpExchange.DescribeUrl(Url);
    [HttpUrl]
    public required string Url { get; init; }
    public TlsClientOptions? Tls { get; init; }
}
