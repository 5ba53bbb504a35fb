using k8s.Models;

namespace Doomsday.Core.Doctor.Checks;

/// <summary>What a kube-system pod or workload is for, and what controls it.</summary>
internal static class Workloads
{
    /// <summary>The role of a kube-system object; <see cref="Other"/> is everything not critical to the cluster.</summary>
    public enum Role { ControlPlane, Dns, Cni, Other }

    private static readonly string[] ControlPlane = ["kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd"];

    // Name prefixes, the fallback when labels were changed or stripped.
    private static readonly (string Prefix, Role Role)[] Prefixes =
    [
        ("kube-apiserver-", Role.ControlPlane), ("kube-controller-manager-", Role.ControlPlane),
        ("kube-scheduler-", Role.ControlPlane), ("etcd-", Role.ControlPlane),
        ("coredns", Role.Dns), ("kube-dns", Role.Dns),
        ("calico-node", Role.Cni), ("calico-kube-controllers", Role.Cni), ("calico-typha", Role.Cni),
        ("kube-flannel", Role.Cni), ("flannel", Role.Cni),
        ("cilium", Role.Cni),
        ("weave-net", Role.Cni), ("canal", Role.Cni),
    ];

    /// <summary>By labels first (kubeadm's <c>component=</c>, addons' <c>k8s-app=</c>, flannel's <c>app=flannel</c>), then by name prefix.</summary>
    public static (Role Role, string Component) Classify(V1ObjectMeta? meta)
    {
        var labels = meta?.Labels ?? new Dictionary<string, string>();
        var name = meta?.Name ?? "";
        if (labels.TryGetValue("component", out var component) && ControlPlane.Contains(component)) return (Role.ControlPlane, component);
        if (labels.TryGetValue("k8s-app", out var app))
        {
            if (app == "kube-dns") return (Role.Dns, name.StartsWith("kube-dns", StringComparison.Ordinal) ? "kube-dns" : "coredns");
            if (app is "calico-node" or "calico-kube-controllers" or "calico-typha" or "cilium" or "cilium-operator" or "flannel" or "canal") return (Role.Cni, app);
        }
        if (labels.TryGetValue("app", out var a) && a is "flannel" or "cilium-operator") return (Role.Cni, a);
        if (labels.TryGetValue("io.cilium/app", out _)) return (Role.Cni, "cilium");
        if (labels.TryGetValue("name", out var n) && n is "weave-net") return (Role.Cni, n);
        foreach (var (prefix, role) in Prefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal)) return (role, prefix.TrimEnd('-'));
        }
        return (Role.Other, name);
    }

    public static string Describe(Role role) => role switch
    {
        Role.ControlPlane => "control-plane",
        Role.Dns => "cluster DNS",
        Role.Cni => "CNI (pod network)",
        _ => "kube-system",
    };

    /// <summary><c>deployment/NAME</c>, <c>daemonset/NAME</c>, <c>statefulset/NAME</c>, or <c>pod/NAME</c> for pods no controller recreates.</summary>
    public static string OwnerOf(V1Pod pod)
    {
        var name = pod.Metadata?.Name ?? "";
        var owner = pod.Metadata?.OwnerReferences?.FirstOrDefault(o => o.Controller == true) ?? pod.Metadata?.OwnerReferences?.FirstOrDefault();
        switch (owner?.Kind)
        {
            case "ReplicaSet":
                var hash = pod.Metadata?.Labels?.TryGetValue("pod-template-hash", out var h) == true ? h : null;
                var rs = owner.Name ?? "";
                var deployment = hash is not null && rs.EndsWith("-" + hash, StringComparison.Ordinal) ? rs[..^(hash.Length + 1)]
                    : rs.LastIndexOf('-') is var i and > 0 ? rs[..i] : rs;
                return "deployment/" + deployment;
            case "DaemonSet": return "daemonset/" + owner.Name;
            case "StatefulSet": return "statefulset/" + owner.Name;
            default: return "pod/" + name;
        }
    }
}
