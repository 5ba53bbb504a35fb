using Doomsday.Core.Doctor.Checks.Support;
using Doomsday.Core.Doctor.Runbooks;
using k8s.Models;

namespace Doomsday.Core.Doctor.Checks;

/// <summary>
/// kube-system Deployments with fewer available replicas than wanted and DaemonSets with fewer
/// available pods than nodes they should run on. DNS and CNI with none available is critical (no
/// name resolution / no pod network); anything else partly available is a warning.
/// </summary>
internal sealed class SystemWorkloadCheck : IDoctorCheck
{
    // Runbook steps written in this file are specific to its findings (their objects, flags and evidence); steps about a
    // component (a static pod, the kubelet, kubeadm, a kubeconfig, the cluster API) come from the runbook library, Doctor/Runbooks.

    public string Name => "workloads";

    public IReadOnlyList<FindingDeclaration> Emits { get; } = FindingDeclaration.ClusterObjects(FindingIds.WorkloadUnavailable);

    public void Run(DoctorInputs inputs, DoctorReport report)
    {
        foreach (var cluster in inputs.Clusters.Where(ClusterReads.Readable))
        {
            foreach (var d in cluster.SystemDeployments)
            {
                var wanted = d.Spec?.Replicas ?? 1;
                var available = d.Status?.AvailableReplicas ?? 0;
                if (wanted == 0 || available >= wanted) continue;
                var condition = d.Status?.Conditions?.FirstOrDefault(c => c.Type == "Available" && c.Status != "True")
                                ?? d.Status?.Conditions?.FirstOrDefault(c => c.Type == "Progressing" && c.Status != "True");
                report.Add(Unavailable(cluster.Context, "Deployment", "deployment", d.Metadata, wanted, available,
                    [
                        new("replicas wanted", Str(wanted)), new("available", Str(available)), new("ready", Str(d.Status?.ReadyReplicas ?? 0)),
                        new("updated", Str(d.Status?.UpdatedReplicas ?? 0)), new("unavailable", Str(d.Status?.UnavailableReplicas ?? wanted - available)),
                        .. Condition(condition?.Type, condition?.Reason, condition?.Message, condition?.LastTransitionTime),
                    ],
                    d.Spec?.Selector?.MatchLabels));
            }
            foreach (var ds in cluster.SystemDaemonSets)
            {
                var wanted = ds.Status?.DesiredNumberScheduled ?? 0;
                var available = ds.Status?.NumberAvailable ?? 0;
                if (wanted == 0 || available >= wanted) continue;
                report.Add(Unavailable(cluster.Context, "DaemonSet", "daemonset", ds.Metadata, wanted, available,
                    [
                        new("nodes it should run on", Str(wanted)), new("available", Str(available)), new("ready", Str(ds.Status?.NumberReady ?? 0)),
                        new("scheduled", Str(ds.Status?.CurrentNumberScheduled ?? 0)), new("misscheduled", Str(ds.Status?.NumberMisscheduled ?? 0)),
                        new("unavailable", Str(ds.Status?.NumberUnavailable ?? wanted - available)),
                    ],
                    ds.Spec?.Selector?.MatchLabels));
            }
        }
    }

    private static IEnumerable<Evidence> Condition(string? type, string? reason, string? message, DateTime? since)
    {
        if (type is null) yield break;
        yield return new($"{type} condition", $"{reason} since {ClusterTime.Format(since)}");
        if (!string.IsNullOrEmpty(message)) yield return new($"{type} message", message);
    }

    private static Finding Unavailable(string ctx, string kind, string resource, V1ObjectMeta? meta, int wanted, int available,
        IReadOnlyList<Evidence> status, IDictionary<string, string>? selector)
    {
        var name = meta?.Name ?? "";
        var (role, _) = Workloads.Classify(meta);
        var severity = role is Workloads.Role.Dns or Workloads.Role.Cni or Workloads.Role.ControlPlane && available == 0 ? FindingSeverity.Critical : FindingSeverity.Warning;
        var label = selector is { Count: > 0 } ? string.Join(",", selector.Select(kv => $"{kv.Key}={kv.Value}")) : null;
        var pods = label is null ? ClusterApi.Kubectl(ctx, "-n kube-system get pods -o wide") : ClusterApi.Kubectl(ctx, $"-n kube-system get pods -o wide -l {label}");
        var effect = role switch
        {
            Workloads.Role.Dns => available == 0 ? ": no cluster DNS, every in-cluster name lookup fails" : ": DNS runs degraded",
            Workloads.Role.Cni => available == 0 ? ": no pod network, new pods cannot start" : ": nodes without it have no pod network",
            _ => "",
        };
        return new Finding(FindingIds.WorkloadUnavailable, severity, ClusterApi.Subject(ctx, kind, "kube-system", name),
            $"{Workloads.Describe(role)} {kind} kube-system/{name} has {available} of {wanted} {(kind == "DaemonSet" ? "pods" : "replicas")} available{effect}",
            [new("cluster", ctx), new("object", $"{kind} kube-system/{name}"), .. status],
            new Runbook(
                [
                    new("See its pods and which are not ready (pod-unhealthy findings name them)", pods),
                    new("See the events: scheduling, image pulls, failed mounts, quota", ClusterApi.Kubectl(ctx, $"-n kube-system describe {resource} {name}")),
                    new("After fixing the cause, recreate its pods", ClusterApi.Kubectl(ctx, $"-n kube-system rollout restart {resource}/{name}")),
                ],
                [
                    new("Wait until it is fully available", ClusterApi.Kubectl(ctx, $"-n kube-system rollout status {resource}/{name} --timeout=5m")),
                    ClusterApi.Rerun(ctx),
                ]));
    }

    private static string Str(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
