using Doomsday.Core.Doctor.Plans;

namespace Doomsday.Core.Doctor.Runbooks;

/// <summary>
/// Control-plane components that the kubelet runs from static pod manifests. They load their
/// certificates and kubeconfigs at start only, and <c>kubectl delete pod</c> does not restart a static
/// pod: moving the manifest out of the folder makes the kubelet stop it, moving it back starts it with
/// what is on disk (kubeadm's documentation, "Certificate Management with kubeadm").
/// </summary>
public static class StaticPods
{
    public const string ManifestsDir = "/etc/kubernetes/manifests";
    public const string ApiServer = "kube-apiserver";
    public const string ControllerManager = "kube-controller-manager";
    public const string Scheduler = "kube-scheduler";
    public const string Etcd = "etcd";

    /// <summary>
    /// crictl's filter for exactly this pod's containers. <c>--name</c> is a regular expression matched
    /// anywhere in the container name (cri-tools cmd/crictl/container.go: "filter by container name regular
    /// expression pattern"), so "etcd" alone would also match "etcd-backup": anchored, it names one container.
    /// </summary>
    public static string NameFilter(string pod) => $"--name '^{pod}$'";

    /// <summary>On a control-plane node: whether <paramref name="pod"/>'s container runs, and the kubelet's last half hour about it.</summary>
    public static RunbookStep WhyNotRunning(string pod) =>
        new($"On the control-plane node: is {pod} running, and why not", $"sudo crictl ps -a {NameFilter(pod)}; sudo journalctl -u kubelet --since -30min | tail -50", RunOn.ControlPlane);

    /// <summary>The last log lines of <paramref name="pod"/>'s container, read with crictl on its node (<paramref name="node"/>, when known), where the API may not answer.</summary>
    public static RunbookStep ContainerLogs(string pod, string? node) =>
        new($"{pod} is a static pod: on {node ?? "its node"}, read the container's logs where the API may not answer",
            $"sudo crictl ps -a {NameFilter(pod)}; sudo crictl logs --tail 50 $(sudo crictl ps -a {NameFilter(pod)} -q | head -1)", RunOn.SubjectNode);

    /// <summary>Wait on this node until <paramref name="pod"/> runs, after its manifest was edited (the kubelet restarts a pod whose manifest changes); <paramref name="what"/> names it in the step.</summary>
    public static RunbookStep WatchStart(string pod, string what) =>
        new($"Watch the {what} start", $"until sudo crictl ps -q {NameFilter(pod)} | grep -q .; do sleep 5; done", RunOn.ThisNode);

    /// <summary>
    /// Recreate a static pod so it loads the files now on disk. The kubelet looks at the folder every 20 seconds.
    /// <paramref name="on"/> is where the pod runs: this node, or <see cref="RunOn.SubjectNode"/> for a component
    /// reached at another address (<see cref="Components.Where"/>).
    /// </summary>
    public static IReadOnlyList<RunbookStep> Restart(string pod, string on = RunOn.ThisNode)
    {
        var manifest = $"{ManifestsDir}/{pod}.yaml";
        // The copy goes outside the folder: a backup left inside manifests/ is started as a pod of its own.
        return
        [
            new($"Move the {pod} manifest out of {ManifestsDir}: the kubelet stops the pod", $"sudo mv {manifest} /tmp/{pod}.yaml", on, PlanStage.Restart, pod),
            new($"Wait until the {pod} container is gone (the kubelet looks every 20 seconds)",
                $"while sudo crictl ps -q {NameFilter(pod)} | grep -q .; do sleep 5; done", on, PlanStage.Restart, pod),
            new("Move the manifest back: the kubelet starts the pod with the files now on disk", $"sudo mv /tmp/{pod}.yaml {manifest}", on, PlanStage.Restart, pod),
            new($"Wait until {pod} runs again", $"until sudo crictl ps -q {NameFilter(pod)} | grep -q .; do sleep 5; done", on, PlanStage.Restart, pod),
        ];
    }
}
