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
        new("apiserver", typeof(ApiServerProbeOptions), (_, _) => throw new NotImplementedException("apiserver probe")),
        new("etcd", typeof(EtcdProbeOptions), (_, _) => throw new NotImplementedException("etcd probe")),
        new("http", typeof(HttpProbeOptions), (_, _) => throw new NotImplementedException("http probe")),
        new("tcp", typeof(TcpProbeOptions), (_, _) => throw new NotImplementedException("tcp probe")),
        new("dns", typeof(DnsProbeOptions), (_, _) => throw new NotImplementedException("dns probe")),
        new("tls", typeof(TlsProbeOptions), (_, _) => throw new NotImplementedException("tls probe")),
    ];

    public static ProbeKind? Find(string name) => All.FirstOrDefault(k => k.Name == name);
}
