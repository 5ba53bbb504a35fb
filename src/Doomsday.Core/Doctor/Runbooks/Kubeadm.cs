using Doomsday.Core.Doctor.Plans;
using N = Doomsday.Core.Sources.Kubeadm.KubeadmNames;

namespace Doomsday.Core.Doctor.Runbooks;

/// <summary>
/// kubeadm's commands, as its source and documentation say they behave: <c>kubeadm certs renew</c>
/// writes new files but restarts nothing, never renews a CA or kubelet.conf, and renews nothing when
/// the CA key is absent (external CA); <c>kubeadm init phase certs NAME</c> keeps an existing file when
/// it is signed by the CA and carries the configured names, and fails when it lacks one, so the old
/// file is moved aside first; a node that joined has no kubeadm configuration file on disk: it lives in
/// the <c>kubeadm-config</c> ConfigMap.
/// </summary>
public static class Kubeadm
{
    public const string Root = "/etc/kubernetes";
    public const string Pki = Root + "/pki";
    public const string ConfigFile = "kubeadm-config.yaml";

    /// <summary>Names <c>kubeadm certs renew</c> accepts.</summary>
    public static readonly IReadOnlySet<string> Renewable = new HashSet<string>(StringComparer.Ordinal)
    {
        N.Apiserver, N.ApiserverKubeletClient, N.ApiserverEtcdClient, N.FrontProxyClient,
        N.EtcdServer, N.EtcdPeer, N.EtcdHealthcheckClient,
        N.AdminConf, N.SuperAdminConf, N.ControllerManagerConf, N.SchedulerConf,
    };

    /// <summary>The pki/ certificates <c>kubeadm init phase certs NAME</c> writes, by the same names.</summary>
    private static readonly IReadOnlySet<string> Phases = new HashSet<string>(StringComparer.Ordinal)
    {
        N.Apiserver, N.ApiserverKubeletClient, N.ApiserverEtcdClient, N.FrontProxyClient,
        N.EtcdServer, N.EtcdPeer, N.EtcdHealthcheckClient,
    };

    /// <summary>The static pod that loads each renewable certificate (the kubeconfigs: their client).</summary>
    public static string? PodUsing(string kubeadmName) => kubeadmName switch
    {
        N.Apiserver or N.ApiserverKubeletClient or N.ApiserverEtcdClient or N.FrontProxyClient => StaticPods.ApiServer,
        N.EtcdServer or N.EtcdPeer or N.EtcdHealthcheckClient => StaticPods.Etcd,
        N.ControllerManagerConf => StaticPods.ControllerManager,
        N.SchedulerConf => StaticPods.Scheduler,
        _ => null,
    };

    public static RunbookStep Backup() =>
        new("Back up the PKI and kubeconfigs", "sudo cp -a /etc/kubernetes /etc/kubernetes.bak.$(date +%F-%H%M%S)", RunOn.ThisNode, PlanStage.Prepare);

    public static RunbookStep CheckExpiration() =>
        new("Check the dates kubeadm sees", "sudo kubeadm certs check-expiration", RunOn.ThisNode, PlanStage.Verify);

    /// <summary><c>kubeadm certs check-expiration</c> as a diagnosis (not a plan step), <paramref name="on"/> a node named by the finding; <paramref name="why"/> says what to look for.</summary>
    public static RunbookStep CheckExpirationFor(string why, string on) => new(why, "sudo kubeadm certs check-expiration", on);

    /// <summary>Renew admin.conf on a control-plane node, when a kubectl holding a copy of it is rejected (not a plan step: the node is not this one).</summary>
    public static RunbookStep RenewAdminConfOnControlPlane() =>
        new("On a kubeadm control-plane node, renew an expired admin.conf", $"sudo kubeadm certs renew {N.AdminConf}", RunOn.ControlPlane);

    /// <summary>Renew one kubeadm certificate or kubeconfig on this node and restart what loads it.</summary>
    public static IReadOnlyList<RunbookStep> Renew(string kubeadmName) =>
    [
        Backup(),
        new($"Renew {kubeadmName} (kubeadm keeps its names and usages; it needs pki/ca.key, so it does nothing on a node with an external CA)",
            $"sudo kubeadm certs renew {kubeadmName}", RunOn.ThisNode, PlanStage.Renew, kubeadmName),
        .. Users(kubeadmName),
    ];

    /// <summary>
    /// What <c>kubeadm certs renew all</c> renews: every certificate of kubeadm's list (the etcd ones only with a
    /// local etcd) and the client certificates embedded in admin.conf, super-admin.conf, controller-manager.conf
    /// and scheduler.conf, never a CA, sa.* or kubelet.conf (cmd/kubeadm/app/phases/certs/renewal/manager.go,
    /// NewManager: GetDefaultCertList or GetCertsWithoutEtcd, then the four kubeconfigs; "we are excluding
    /// KubeletKubeConfig from renewal"). It renews each that is there; on a node, that is the
    /// <see cref="Renewable"/> names whose files exist.
    /// </summary>
    /// <summary>
    /// Renew one kubeadm certificate or kubeconfig on a node whose CA key is elsewhere (external CA, where
    /// <c>kubeadm certs renew</c> cannot sign): a new key and signing request, signed by that CA. Restarting what
    /// loads it is <see cref="Users"/>.
    /// </summary>
    public static IReadOnlyList<RunbookStep> RenewWithExternalCa(string kubeadmName) =>
    [
        new($"The CA key is not on this node (external CA): kubeadm cannot renew {kubeadmName}. Write a new key and signing request for it",
            "sudo kubeadm certs generate-csr --cert-dir /tmp/kubeadm-csr --kubeconfig-dir /tmp/kubeadm-csr", RunOn.ThisNode),
        new($"Have your CA sign /tmp/kubeadm-csr's request for {kubeadmName} with the usages of the certificate it replaces, and install the certificate and its new key where the old ones are"),
    ];

    public static RunbookStep RenewAll() =>
        new("Renew every certificate kubeadm manages on this node at once (a new key for each; no CA, no sa.*, no kubelet.conf; it restarts nothing)",
            "sudo kubeadm certs renew all", RunOn.ThisNode, PlanStage.Renew);

    /// <summary>What makes the users of a renewed or edited kubeadm file load it: a static pod restart, the kubelet, your own kubectl copy.</summary>
    public static IReadOnlyList<RunbookStep> Users(string kubeadmName) => kubeadmName switch
    {
        N.AdminConf => [Kubeconfigs.RefreshUserCopy()],
        N.KubeletConf => Kubelet.Restart(),
        N.SuperAdminConf => [],
        _ when PodUsing(kubeadmName) is { } pod => StaticPods.Restart(pod),
        _ => [],
    };

    /// <summary>The cluster's kubeadm ClusterConfiguration, written to <see cref="ConfigFile"/> in the current directory.</summary>
    public static RunbookStep ExportConfig() =>
        new($"Write the cluster's kubeadm configuration to {ConfigFile} (kubeadm keeps it in the kubeadm-config ConfigMap; a node that joined has no such file)",
            $"sudo kubectl --kubeconfig /etc/kubernetes/admin.conf -n kube-system get cm kubeadm-config -o jsonpath='{{.data.ClusterConfiguration}}' > {ConfigFile}",
            RunOn.ThisNode);

    /// <summary>
    /// Write this node's certificate <paramref name="kubeadmName"/> again from <see cref="ConfigFile"/>: the old
    /// pair is moved aside first, since kubeadm keeps a file that exists (and fails when it lacks a configured name).
    /// </summary>
    public static IReadOnlyList<RunbookStep> Regenerate(string kubeadmName, string certificateFile)
    {
        if (!Phases.Contains(kubeadmName)) throw new ArgumentException($"kubeadm has no init phase for {kubeadmName}", nameof(kubeadmName));
        var key = certificateFile[..^".crt".Length] + ".key";
        return
        [
            Backup(),
            new("Move the old certificate and key aside: kubeadm keeps a file that exists", $"sudo mv {certificateFile} {key} /tmp/", RunOn.ThisNode),
            new($"Write {kubeadmName} again from the cluster's CA and configuration", $"sudo kubeadm init phase certs {kubeadmName} --config {ConfigFile}", RunOn.ThisNode),
        ];
    }
}
