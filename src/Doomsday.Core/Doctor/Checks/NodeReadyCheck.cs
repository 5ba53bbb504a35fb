using Doomsday.Core.Doctor.Checks.Support;
using Doomsday.Core.Doctor.Runbooks;
using k8s.Models;

namespace Doomsday.Core.Doctor.Checks;

/// <summary>
/// Nodes whose Ready condition is False or Unknown (or missing). A control-plane node NotReady is
/// critical; a worker is a warning (its pods are evicted after the toleration, 5 minutes by default).
/// Certificates are a usual cause: an expired kubelet client certificate, a CNI that cannot talk to
/// the API server after a CA change.
/// </summary>
internal sealed class NodeReadyCheck : IDoctorCheck
{
    // Runbook steps written in this file are specific to its findings (their objects, flags and evidence); steps about a
    // component (a static pod, the kubelet, kubeadm, a kubeconfig, the cluster API) come from the runbook library, Doctor/Runbooks.

    public string Name => "node-ready";

    public IReadOnlyList<FindingDeclaration> Emits { get; } = FindingDeclaration.ClusterObjects(FindingIds.NodeNotReady);

    public void Run(DoctorInputs inputs, DoctorReport report)
    {
        foreach (var cluster in inputs.Clusters.Where(ClusterReads.Readable))
        {
            foreach (var node in cluster.Nodes)
            {
                var ready = node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");
                if (ready?.Status == "True") continue;
                report.Add(NotReady(cluster.Context, node, ready));
            }
        }
    }

    private static Finding NotReady(string ctx, V1Node node, V1NodeCondition? ready)
    {
        var name = node.Metadata?.Name ?? "";
        var labels = node.Metadata?.Labels ?? new Dictionary<string, string>();
        var controlPlane = labels.ContainsKey("node-role.kubernetes.io/control-plane") || labels.ContainsKey("node-role.kubernetes.io/master");
        var status = ready?.Status ?? "Unknown";
        var since = ClusterTime.Format(ready?.LastTransitionTime);
        var evidence = new List<Evidence>
        {
            new("cluster", ctx), new("node", name), new("role", controlPlane ? "control-plane" : "worker"),
            new("Ready", ready is null ? "no Ready condition reported" : status),
            new("since", since),
            new("reason", ready?.Reason ?? ""), new("message", ready?.Message ?? ""),
            new("last heartbeat", ClusterTime.Format(ready?.LastHeartbeatTime)),
        };
        if (node.Status?.NodeInfo?.KubeletVersion is { } version) evidence.Add(new("kubelet", version));
        if (node.Spec?.Unschedulable == true) evidence.Add(new("unschedulable", "true (cordoned)"));
        var unknown = status == "Unknown";
        var steps = new List<RunbookStep>
        {
            new("See the conditions and recent events", ClusterApi.Kubectl(ctx, $"describe node {name}")),
        };
        if (unknown)
        {
            steps.AddRange(Kubelet.NotReporting());
        }
        else
        {
            steps.Add(new("The kubelet reports NotReady itself; the message says why. 'NetworkPluginNotReady' means the CNI pod on that node is not running",
                ClusterApi.Kubectl(ctx, $"-n kube-system get pods -o wide --field-selector spec.nodeName={name}")));
            steps.Add(Kubelet.Journal());
        }
        steps.Add(Kubelet.RestartOnSubjectNode());
        return new Finding(FindingIds.NodeNotReady, controlPlane ? FindingSeverity.Critical : FindingSeverity.Warning,
            ClusterApi.Subject(ctx, "Node", null, name),
            $"{(controlPlane ? "control-plane node" : "node")} {name} is {(ready is null ? "not reporting a Ready condition" : unknown ? "Unknown (the kubelet stopped reporting)" : "NotReady")} since {since}" +
            (string.IsNullOrEmpty(ready?.Reason) && string.IsNullOrEmpty(ready?.Message) ? "" : $": {ready?.Reason} {ready?.Message}".TrimEnd()),
            evidence,
            new Runbook(steps,
                [new("STATUS must be Ready", ClusterApi.Kubectl(ctx, $"get node {name}")), ClusterApi.Rerun(ctx)]));
    }
}
