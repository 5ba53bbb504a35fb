using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Doomsday.Core.Pki;

/// <summary>The text of the kubeconfigs and static pod manifests kubeadm writes, with kubeadm's own flags and paths.</summary>
internal static class KubeadmTreeFiles
{
    public static string Server(IPAddress ip) =>
        ip.AddressFamily == AddressFamily.InterNetworkV6 ? $"https://[{ip}]:6443" : $"https://{ip}:6443";

    /// <summary>A kubeconfig with embedded CA data and either embedded client cert/key data or a file that holds both.</summary>
    public static string Kubeconfig(string server, string caPem, string user, string? certPem, string? keyPem, string? clientFile)
    {
        var sb = new StringBuilder();
        sb.Append("apiVersion: v1\nclusters:\n- cluster:\n");
        sb.Append("    certificate-authority-data: ").Append(B64(caPem)).Append('\n');
        sb.Append("    server: ").Append(server).Append('\n');
        sb.Append("  name: kubernetes\ncontexts:\n- context:\n    cluster: kubernetes\n");
        sb.Append("    user: ").Append(user).Append('\n');
        sb.Append("  name: ").Append(user).Append("@kubernetes\n");
        sb.Append("current-context: ").Append(user).Append("@kubernetes\n");
        sb.Append("kind: Config\npreferences: {}\nusers:\n");
        sb.Append("- name: ").Append(user).Append("\n  user:\n");
        if (clientFile is not null)
        {
            sb.Append("    client-certificate: ").Append(clientFile).Append('\n');
            sb.Append("    client-key: ").Append(clientFile).Append('\n');
        }
        else
        {
            sb.Append("    client-certificate-data: ").Append(B64(certPem!)).Append('\n');
            sb.Append("    client-key-data: ").Append(B64(keyPem!)).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>
    /// kubelet.conf as the kubelet writes it after TLS bootstrap on a node that joined
    /// (<c>pkg/kubelet/certificate/bootstrap</c>, <c>writeKubeconfigFromBootstrapping</c>): the bootstrap
    /// kubeconfig's server and CA data, and the file store's current pair for client certificate and key.
    /// </summary>
    public static string BootstrappedKubeconfig(string server, string caPem) =>
        "apiVersion: v1\nclusters:\n- cluster:\n"
        + $"    certificate-authority-data: {B64(caPem)}\n    server: {server}\n  name: default-cluster\n"
        + "contexts:\n- context:\n    cluster: default-cluster\n    namespace: default\n    user: default-auth\n  name: default-context\n"
        + "current-context: default-context\nkind: Config\npreferences: {}\nusers:\n- name: default-auth\n  user:\n"
        + "    client-certificate: /var/lib/kubelet/pki/kubelet-client-current.pem\n    client-key: /var/lib/kubelet/pki/kubelet-client-current.pem\n";

    public static string ApiServer(KubeadmTreeOptions o) => Manifest("kube-apiserver", o,
    [
        "kube-apiserver",
        $"--advertise-address={o.NodeIp}",
        "--allow-privileged=true",
        "--authorization-mode=Node,RBAC",
        "--client-ca-file=/etc/kubernetes/pki/ca.crt",
        "--enable-admission-plugins=NodeRestriction",
        "--enable-bootstrap-token-auth=true",
        "--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt",
        "--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt",
        "--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key",
        "--etcd-servers=https://127.0.0.1:2379",
        "--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt",
        "--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key",
        "--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname",
        "--proxy-client-cert-file=/etc/kubernetes/pki/front-proxy-client.crt",
        "--proxy-client-key-file=/etc/kubernetes/pki/front-proxy-client.key",
        "--requestheader-allowed-names=front-proxy-client",
        "--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt",
        "--requestheader-extra-headers-prefix=X-Remote-Extra-",
        "--requestheader-group-headers=X-Remote-Group",
        "--requestheader-username-headers=X-Remote-User",
        "--secure-port=6443",
        $"--service-account-issuer=https://kubernetes.default.svc.{o.DnsDomain}",
        "--service-account-key-file=/etc/kubernetes/pki/sa.pub",
        "--service-account-signing-key-file=/etc/kubernetes/pki/sa.key",
        "--service-cluster-ip-range=10.96.0.0/12",
        "--tls-cert-file=/etc/kubernetes/pki/apiserver.crt",
        "--tls-private-key-file=/etc/kubernetes/pki/apiserver.key",
    ], ["/etc/kubernetes/pki", "/etc/ssl/certs"], $"kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint: {Host(o.NodeIp)}:6443");

    public static string Etcd(KubeadmTreeOptions o)
    {
        var ip = Host(o.NodeIp);
        return Manifest("etcd", o,
        [
            "etcd",
            $"--advertise-client-urls=https://{ip}:2379",
            "--cert-file=/etc/kubernetes/pki/etcd/server.crt",
            "--client-cert-auth=true",
            "--data-dir=/var/lib/etcd",
            "--experimental-initial-corrupt-check=true",
            "--experimental-watch-progress-notify-interval=5s",
            $"--initial-advertise-peer-urls=https://{ip}:2380",
            $"--initial-cluster={o.NodeName}=https://{ip}:2380",
            "--key-file=/etc/kubernetes/pki/etcd/server.key",
            $"--listen-client-urls=https://127.0.0.1:2379,https://{ip}:2379",
            "--listen-metrics-urls=http://127.0.0.1:2381",
            $"--listen-peer-urls=https://{ip}:2380",
            $"--name={o.NodeName}",
            "--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt",
            "--peer-client-cert-auth=true",
            "--peer-key-file=/etc/kubernetes/pki/etcd/peer.key",
            "--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt",
            "--snapshot-count=10000",
            "--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt",
        ], ["/etc/kubernetes/pki/etcd", "/var/lib/etcd"], $"kubeadm.kubernetes.io/etcd.advertise-client-urls: https://{ip}:2379", image: "registry.k8s.io/etcd:3.5.15-0");
    }

    public static string ControllerManager(KubeadmTreeOptions o) => Manifest("kube-controller-manager", o,
    [
        "kube-controller-manager",
        "--allocate-node-cidrs=true",
        "--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf",
        "--authorization-kubeconfig=/etc/kubernetes/controller-manager.conf",
        "--bind-address=127.0.0.1",
        "--client-ca-file=/etc/kubernetes/pki/ca.crt",
        "--cluster-cidr=192.168.0.0/16",
        "--cluster-name=kubernetes",
        "--cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt",
        "--cluster-signing-key-file=/etc/kubernetes/pki/ca.key",
        "--controllers=*,bootstrapsigner,tokencleaner",
        "--kubeconfig=/etc/kubernetes/controller-manager.conf",
        "--leader-elect=true",
        "--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt",
        "--root-ca-file=/etc/kubernetes/pki/ca.crt",
        "--service-account-private-key-file=/etc/kubernetes/pki/sa.key",
        "--service-cluster-ip-range=10.96.0.0/12",
        "--use-service-account-credentials=true",
    ], ["/etc/kubernetes/pki", "/etc/kubernetes/controller-manager.conf"], null);

    public static string Scheduler(KubeadmTreeOptions o) => Manifest("kube-scheduler", o,
    [
        "kube-scheduler",
        "--authentication-kubeconfig=/etc/kubernetes/scheduler.conf",
        "--authorization-kubeconfig=/etc/kubernetes/scheduler.conf",
        "--bind-address=127.0.0.1",
        "--kubeconfig=/etc/kubernetes/scheduler.conf",
        "--leader-elect=true",
    ], ["/etc/kubernetes/scheduler.conf"], null);

    private static string Manifest(string component, KubeadmTreeOptions o, string[] command, string[] hostPaths, string? annotation, string? image = null)
    {
        var sb = new StringBuilder("apiVersion: v1\nkind: Pod\nmetadata:\n");
        if (annotation is not null) sb.Append("  annotations:\n    ").Append(annotation).Append('\n');
        sb.Append("  labels:\n    component: ").Append(component).Append("\n    tier: control-plane\n");
        sb.Append("  name: ").Append(component).Append("\n  namespace: kube-system\nspec:\n  containers:\n  - command:\n");
        foreach (var c in command) sb.Append("    - ").Append(c).Append('\n');
        sb.Append("    image: ").Append(image ?? $"registry.k8s.io/{component}:{o.KubernetesVersion}").Append('\n');
        sb.Append("    imagePullPolicy: IfNotPresent\n    name: ").Append(component).Append("\n    volumeMounts:\n");
        for (var i = 0; i < hostPaths.Length; i++)
        {
            sb.Append("    - mountPath: ").Append(hostPaths[i]).Append("\n      name: vol").Append(i).Append('\n');
        }
        sb.Append("  hostNetwork: true\n  priorityClassName: system-node-critical\n  volumes:\n");
        for (var i = 0; i < hostPaths.Length; i++)
        {
            sb.Append("  - hostPath:\n      path: ").Append(hostPaths[i]).Append("\n    name: vol").Append(i).Append('\n');
        }
        sb.Append("status: {}\n");
        return sb.ToString();
    }

    private static string Host(IPAddress ip) => ip.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{ip}]" : ip.ToString();

    private static string B64(string pem) => Convert.ToBase64String(Encoding.ASCII.GetBytes(pem));
}
