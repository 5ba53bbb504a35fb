namespace Doomsday.Core.Sources.Kubeadm;

/// <summary>
/// kubeadm's names for the certificates of a control-plane node, as <c>kubeadm certs
/// check-expiration</c> prints them. Public contract: they appear as <c>name</c> and
/// <c>authority</c> in JSON output and in the table.
/// </summary>
public static class KubeadmNames
{
    public const string Ca = "ca";
    public const string EtcdCa = "etcd-ca";
    public const string FrontProxyCa = "front-proxy-ca";
    public const string Apiserver = "apiserver";
    public const string ApiserverKubeletClient = "apiserver-kubelet-client";
    public const string ApiserverEtcdClient = "apiserver-etcd-client";
    public const string FrontProxyClient = "front-proxy-client";
    public const string EtcdServer = "etcd-server";
    public const string EtcdPeer = "etcd-peer";
    public const string EtcdHealthcheckClient = "etcd-healthcheck-client";
    public const string AdminConf = "admin.conf";
    public const string SuperAdminConf = "super-admin.conf";
    public const string ControllerManagerConf = "controller-manager.conf";
    public const string SchedulerConf = "scheduler.conf";
    public const string KubeletConf = "kubelet.conf";

    /// <summary>Every certificate file kubeadm writes under pki/, CAs first.</summary>
    public static readonly IReadOnlyList<KubeadmPkiFile> PkiFiles =
    [
        new("ca.crt", Ca, null),
        new("etcd/ca.crt", EtcdCa, null),
        new("front-proxy-ca.crt", FrontProxyCa, null),
        new("apiserver.crt", Apiserver, Ca),
        new("apiserver-kubelet-client.crt", ApiserverKubeletClient, Ca),
        new("apiserver-etcd-client.crt", ApiserverEtcdClient, EtcdCa),
        new("front-proxy-client.crt", FrontProxyClient, FrontProxyCa),
        new("etcd/server.crt", EtcdServer, EtcdCa),
        new("etcd/peer.crt", EtcdPeer, EtcdCa),
        new("etcd/healthcheck-client.crt", EtcdHealthcheckClient, EtcdCa),
    ];

    /// <summary>The kubeconfigs kubeadm writes in the root; their client certificates are issued by <see cref="Ca"/>.</summary>
    public static readonly IReadOnlyList<string> Kubeconfigs = [AdminConf, SuperAdminConf, ControllerManagerConf, SchedulerConf, KubeletConf];

    public static KubeadmPkiFile? ForPkiFile(string relativePath) =>
        PkiFiles.FirstOrDefault(e => e.RelativePath == relativePath.Replace('\\', '/'));
}
