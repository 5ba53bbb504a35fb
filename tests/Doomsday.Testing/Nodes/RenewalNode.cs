using System.Net;
using System.Text.RegularExpressions;
using Doomsday.Core.Pki;
using Doomsday.Core.Sources.Kubeadm;

namespace Doomsday.Testing.Nodes;

/// <summary>
/// A control-plane node for the renewal tests: a kubeadm tree written the way <c>kubeadm init</c> writes
/// it (KubeadmTreeBuilder), node IP 127.0.0.1, with the manifests' ports moved to free ones so that tests
/// running side by side (and other servers on this machine) never share 2379/6443/10257/10259, and
/// admin.conf pointing at the API server's port. The servers are started by a <see cref="KubeletStandIn"/>.
/// </summary>
internal sealed class RenewalNode : IDisposable
{
    private readonly TempDir _dir = new();

    /// <param name="kubelet">Also the kubelet's files under var/lib/kubelet beside the tree, kubelet.conf pointing at its rotated certificate, as after kubeadm init.</param>
    public RenewalNode(DateTimeOffset now, KubeadmKeyAlgorithm algorithm = KubeadmKeyAlgorithm.EcdsaP256, IReadOnlyDictionary<string, CertificateValidity>? validity = null,
        bool kubelet = false)
    {
        Root = System.IO.Path.Combine(_dir.Path, "etc", "kubernetes");
        Tree = KubeadmTreeBuilder.Build(Root, new KubeadmTreeOptions
        {
            Now = now,
            NodeIp = IPAddress.Loopback,
            KeyAlgorithm = algorithm,
            DistinctKeys = true,
            Validity = validity ?? new Dictionary<string, CertificateValidity>(),
            KubeletDirectory = kubelet ? System.IO.Path.Combine(_dir.Path, "var", "lib", "kubelet") : null,
        });
        Layout = new KubeadmLayout(Root);
        Rewrite("etcd.yaml", [
            ("--listen-client-urls", $"https://127.0.0.1:{EtcdClient}"),
            ("--advertise-client-urls", $"https://127.0.0.1:{EtcdClient}"),
            ("--listen-peer-urls", $"https://127.0.0.1:{EtcdPeer}"),
            ("--initial-advertise-peer-urls", $"https://127.0.0.1:{EtcdPeer}"),
            ("--initial-cluster", $"controlplane=https://127.0.0.1:{EtcdPeer}"),
            ("--listen-metrics-urls", $"http://127.0.0.1:{TcpPorts.Free()}"),
        ]);
        Rewrite("kube-apiserver.yaml", [("--secure-port", ApiServer.ToString()), ("--etcd-servers", $"https://127.0.0.1:{EtcdClient}")]);
        AddFlag("kube-controller-manager.yaml", "kube-controller-manager", $"--secure-port={ControllerManager}");
        AddFlag("kube-scheduler.yaml", "kube-scheduler", $"--secure-port={Scheduler}");
        var admin = System.IO.Path.Combine(Root, "admin.conf");
        File.WriteAllText(admin, File.ReadAllText(admin).Replace("https://127.0.0.1:6443", $"https://127.0.0.1:{ApiServer}", StringComparison.Ordinal));
    }

    public string Root { get; }
    public KubeadmLayout Layout { get; }
    public KubeadmTree Tree { get; }
    public int EtcdClient { get; } = TcpPorts.Free();
    public int EtcdPeer { get; } = TcpPorts.Free();
    public int ApiServer { get; } = TcpPorts.Free();
    public int ControllerManager { get; } = TcpPorts.Free();
    public int Scheduler { get; } = TcpPorts.Free();

    public string Path(string relative) => System.IO.Path.Combine(Root, relative);

    /// <summary>
    /// SHA-256 of every file under the root, by relative path: equal before and after means nothing was written.
    /// The renewal lock file is listed, not read: a test that holds it cannot open it again.
    /// </summary>
    public IReadOnlyDictionary<string, string> Hashes() =>
        Directory.EnumerateFileSystemEntries(Root, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .ToDictionary(f => System.IO.Path.GetRelativePath(Root, f),
                f => System.IO.Path.GetFileName(f) == Doomsday.Watch.Renewal.RenewalLock.FileName ? "lock file"
                    : File.Exists(f) ? Doomsday.Watch.Renewal.RenewalBackup.Sha256(File.ReadAllBytes(f)) : "directory");

    private void Rewrite(string manifest, (string Flag, string Value)[] flags)
    {
        var path = System.IO.Path.Combine(Root, "manifests", manifest);
        var text = File.ReadAllText(path);
        foreach (var (flag, value) in flags)
        {
            text = Regex.Replace(text, $@"(?m)^(\s*- ){Regex.Escape(flag)}=.*$", m => $"{m.Groups[1].Value}{flag}={value}");
        }
        File.WriteAllText(path, text);
    }

    private void AddFlag(string manifest, string command, string flag)
    {
        var path = System.IO.Path.Combine(Root, "manifests", manifest);
        File.WriteAllText(path, File.ReadAllText(path).Replace($"    - {command}\n", $"    - {command}\n    - {flag}\n", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        Tree.Dispose();
        _dir.Dispose();
    }
}
