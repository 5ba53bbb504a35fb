using Doomsday.Core.Probes.ApiServer;
using Doomsday.Core.Probes.Dns;
using Doomsday.Core.Probes.Etcd;
using Doomsday.Core.Probes.Http;
using Doomsday.Core.Probes.Tcp;
using Doomsday.Core.Probes.Tls;

namespace Doomsday.Core.Probes;

/// <summary>The one place probe kinds are registered; config validation reads the same list.</summary>
public static class ProbeKinds
{
    public static IReadOnlyList<ProbeKind> All { get; } =
    [
        new("apiserver", typeof(ApiServerProbeOptions), (o, c) => new ApiServerProbe((ApiServerProbeOptions)o, c)),
        new("etcd", typeof(EtcdProbeOptions), (o, c) => new EtcdProbe((EtcdProbeOptions)o, c)),
        new("http", typeof(HttpProbeOptions), (o, c) => new HttpProbe((HttpProbeOptions)o, c)),
        new("tcp", typeof(TcpProbeOptions), (o, _) => new TcpProbe((TcpProbeOptions)o)),
        new("dns", typeof(DnsProbeOptions), (o, _) => new DnsProbe((DnsProbeOptions)o)),
        new("tls", typeof(TlsProbeOptions), (o, c) => new TlsProbe((TlsProbeOptions)o, c)),
    ];

    public static ProbeKind? Find(string name) => All.FirstOrDefault(k => k.Name == name);

    /// <summary>The probe for <paramref name="options"/>, built by the factory of its kind.</summary>
    public static IProbe Create(ProbeOptions options, ProbeContext context) =>
        (Find(options.Kind) ?? throw new ArgumentException($"unknown probe kind '{options.Kind}'", nameof(options))).Create(options, context);
}
