using Doomsday.Core.Sources.Endpoints;
using Doomsday.Core.Sources.Kubeadm;

namespace Doomsday.Core.Doctor;

/// <summary>
/// A component to shake hands with, and the certificate file it should be serving: null when it serves
/// a certificate it made in memory at start (controller-manager and scheduler without <c>--tls-cert-file</c>).
/// </summary>
public sealed record ComponentEndpoint(string Component, EndpointTarget Target, string? CertificateFile, string? ManifestPath);

/// <summary>
/// Where each control-plane component listens and which file it serves, read from its static pod
/// manifest (kubeadm's defaults otherwise). Names accepted by <c>--component-endpoint NAME=HOST:PORT</c>
/// are <see cref="Names"/>; the kubernetes component they stand for is what runbooks restart.
/// </summary>
public static class ComponentEndpoints
{
    public static readonly IReadOnlyList<string> Names = ["apiserver", "etcd", "etcd-peer", "controller-manager", "scheduler", "kubelet"];

    /// <summary>Static-pod name (manifest file name) of each component; the kubelet is a systemd service.</summary>
    public static string PodOf(string name) => name switch
    {
        "apiserver" => "kube-apiserver",
        "etcd" or "etcd-peer" => "etcd",
        "controller-manager" => "kube-controller-manager",
        "scheduler" => "kube-scheduler",
        _ => name,
    };

    /// <param name="probeLocalDefaults">
    /// True on the node itself: components without an override are reached on 127.0.0.1 at their
    /// configured ports. False for a copy of another node's tree: only overridden components are reached.
    /// </param>
    public static IReadOnlyList<ComponentEndpoint> Derive(
        IReadOnlyList<StaticPodManifest> manifests,
        IReadOnlyDictionary<string, EndpointTarget> overrides,
        bool probeLocalDefaults,
        string kubeletServingCert = "/var/lib/kubelet/pki/kubelet.crt")
    {
        var result = new List<ComponentEndpoint>();
        // A component is reached when given with --component-endpoint, or on this node when its manifest is here.
        void Add(string name, StaticPodManifest? manifest, string? certFile, int defaultPort, bool needsManifest = false, string? url = null)
        {
            EndpointTarget? target = overrides.TryGetValue(name, out var o) ? o : null;
            if (target is null && probeLocalDefaults && (manifest is not null || !needsManifest))
            {
                var port = defaultPort;
                if (url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Port > 0) port = uri.Port;
                target = new EndpointTarget("127.0.0.1", port, null);
            }
            if (target is null) return;
            result.Add(new ComponentEndpoint(name, target, certFile, manifest?.Path));
        }

        // Without a manifest (a tree copied without manifests/), a component given with --component-endpoint is
        // still reached, against kubeadm's default file.
        var api = manifests.FirstOrDefault(m => m.Component == "kube-apiserver");
        Add("apiserver", api, api is null ? "/etc/kubernetes/pki/apiserver.crt" : api.Flag("--tls-cert-file"), Port(api?.Flag("--secure-port"), 6443), needsManifest: true);
        var etcd = manifests.FirstOrDefault(m => m.Component == "etcd");
        Add("etcd", etcd, etcd is null ? "/etc/kubernetes/pki/etcd/server.crt" : etcd.Flag("--cert-file"), 2379, needsManifest: true, FirstHttps(etcd?.Flag("--listen-client-urls")));
        Add("etcd-peer", etcd, etcd is null ? "/etc/kubernetes/pki/etcd/peer.crt" : etcd.Flag("--peer-cert-file"), 2380, needsManifest: true, FirstHttps(etcd?.Flag("--listen-peer-urls")));
        // kubeadm gives controller-manager and scheduler no --tls-cert-file: they serve a self-signed
        // certificate made in memory at start, whose subject (localhost@<unix time>) tells when they started.
        var kcm = manifests.FirstOrDefault(m => m.Component == "kube-controller-manager");
        Add("controller-manager", kcm, kcm?.Flag("--tls-cert-file"), Port(kcm?.Flag("--secure-port"), 10257), needsManifest: true);
        var scheduler = manifests.FirstOrDefault(m => m.Component == "kube-scheduler");
        Add("scheduler", scheduler, scheduler?.Flag("--tls-cert-file"), Port(scheduler?.Flag("--secure-port"), 10259), needsManifest: true);
        if (overrides.ContainsKey("kubelet") || (probeLocalDefaults && File.Exists(kubeletServingCert)))
        {
            Add("kubelet", null, kubeletServingCert, 10250, needsManifest: false);
        }
        return result;
    }

    private static int Port(string? flag, int fallback) => int.TryParse(flag, out var p) && p is > 0 and < 65536 ? p : fallback;

    private static string? FirstHttps(string? urls) =>
        (urls ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(u => u.StartsWith("https://", StringComparison.Ordinal));
}
