using Doomsday.Watch.Probes.ApiServer;
using Doomsday.Watch.Probes.Dns;
using Doomsday.Watch.Probes.Etcd;
using Doomsday.Watch.Probes.Http;
using Doomsday.Watch.Probes.Tcp;
using Doomsday.Watch.Probes.Tls;

namespace Doomsday.Watch.Probes;

/// <summary>
/// The one place probe kinds are registered, one line each: name (the options' <c>KindName</c>), a minimal
/// example, the factory. Config validation, <see cref="Configuration.ConfigTypes"/> and the registry tests read the same list.
/// </summary>
public static class ProbeKinds
{
    public static IReadOnlyList<ProbeKind> All { get; } =
    [
        ProbeKind.Of(ApiServerProbeOptions.KindName, new ApiServerProbeOptions { Name = "apiserver", Url = "https://10.0.0.1:6443" }, (o, c) => new ApiServerProbe(o, c)),
        ProbeKind.Of(EtcdProbeOptions.KindName, new EtcdProbeOptions { Name = "etcd", Url = "https://127.0.0.1:2379" }, (o, c) => new EtcdProbe(o, c)),
        ProbeKind.Of(HttpProbeOptions.KindName, new HttpProbeOptions { Name = "shop", Url = "https://shop.example.com/healthz" }, (o, c) => new HttpProbe(o, c)),
        ProbeKind.Of(TcpProbeOptions.KindName, new TcpProbeOptions { Name = "ssh", Address = "10.0.0.5:22" }, (o, _) => new TcpProbe(o)),
        ProbeKind.Of(DnsProbeOptions.KindName, new DnsProbeOptions { Name = "cluster-dns", Server = "10.96.0.10", Query = "kubernetes.default.svc.cluster.local" }, (o, _) => new DnsProbe(o)),
        ProbeKind.Of(TlsProbeOptions.KindName, new TlsProbeOptions { Name = "ingress", Address = "10.0.0.1:443" }, (o, c) => new TlsProbe(o, c)),
    ];

    public static ProbeKind? Find(string name) => All.FirstOrDefault(k => k.Name == name);

    /// <summary>The probe for <paramref name="options"/>, built by the factory of its kind.</summary>
    public static IProbe Create(ProbeOptions options, ProbeContext context) =>
        (Find(options.Kind) ?? throw new ArgumentException($"unknown probe kind '{options.Kind}'", nameof(options))).Create(options, context);
}
