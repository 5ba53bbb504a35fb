using Doomsday.Core.Doctor.Checks.Support;
using System.Globalization;
using Doomsday.Core.Doctor.Runbooks;
using k8s.Models;

namespace Doomsday.Core.Doctor.Checks;

/// <summary>
/// kube-system pods that are not Running, not Ready, waiting in CrashLoopBackOff (or an image or
/// config error), or that restarted within the last hour. Pods of the API server,
/// controller-manager, scheduler, etcd, DNS and CNI (seed 003: scheduler and kube-dns not running,
/// the CNI pod unable to start) are critical when down and a warning when only restarting; other
/// kube-system pods one level lower. A pod younger than <see cref="StartupGrace"/> that is only
/// still starting is left alone: a rollout is not an outage.
/// </summary>
internal sealed class SystemPodCheck : IDoctorCheck
{
    // Runbook steps written in this file are specific to its findings (their objects, flags and evidence); steps about a
    // component (a static pod, the kubelet, kubeadm, a kubeconfig, the cluster API) come from the runbook library, Doctor/Runbooks.

    /// <summary>How long a pod may be Pending or not Ready after it was created before it counts.</summary>
    public static readonly TimeSpan StartupGrace = TimeSpan.FromMinutes(5);

    /// <summary>A restart counts as "restarting" when the last termination is this recent; older restarts are history.</summary>
    public static readonly TimeSpan RestartWindow = TimeSpan.FromHours(1);

    private static readonly HashSet<string> BadWaiting = new(StringComparer.Ordinal)
    {
        "CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull", "CreateContainerConfigError", "CreateContainerError",
        "RunContainerError", "InvalidImageName", "ErrImageNeverPull",
    };

    public string Name => "pods";

    public IReadOnlyList<FindingDeclaration> Emits { get; } = FindingDeclaration.ClusterObjects(FindingIds.PodUnhealthy);

    public void Run(DoctorInputs inputs, DoctorReport report)
    {
        foreach (var cluster in inputs.Clusters.Where(ClusterReads.Readable))
        {
            foreach (var pod in cluster.SystemPods)
            {
                if (Assess(pod, inputs.Now) is { } problem) report.Add(Unhealthy(cluster.Context, pod, problem));
            }
        }
    }

    internal sealed record Problem(string State, bool Down, IReadOnlyList<Evidence> Containers, string? LastTermination);

    /// <summary>What is wrong with the pod, or null when it is healthy (or completed, or still within its start-up grace).</summary>
    internal static Problem? Assess(V1Pod pod, DateTimeOffset now)
    {
        var phase = pod.Status?.Phase ?? "Unknown";
        if (phase == "Succeeded") return null;
        var started = ClusterTime.Of(pod.Status?.StartTime) ?? ClusterTime.Of(pod.Metadata?.CreationTimestamp);
        var young = started is { } s && now - s < StartupGrace;
        var statuses = (pod.Status?.InitContainerStatuses ?? []).Select(c => (c, init: true))
            .Concat((pod.Status?.ContainerStatuses ?? []).Select(c => (c, init: false))).ToList();

        var states = new List<string>();
        var evidence = new List<Evidence>();
        string? lastTermination = null;
        var restarting = false;
        foreach (var (c, init) in statuses)
        {
            var label = init ? $"init container {c.Name}" : $"container {c.Name}";
            var waiting = c.State?.Waiting;
            var terminated = c.LastState?.Terminated;
            var facts = new List<string> { c.Ready ? "ready" : "not ready", $"restarts {c.RestartCount.ToString(CultureInfo.InvariantCulture)}" };
            if (waiting is not null) facts.Add($"waiting {waiting.Reason}{(string.IsNullOrEmpty(waiting.Message) ? "" : ": " + waiting.Message)}");
            if (c.State?.Running is not null) facts.Add($"running since {ClusterTime.Format(c.State.Running.StartedAt)}");
            if (terminated is not null)
            {
                var t = $"{terminated.Reason ?? "terminated"} (exit {terminated.ExitCode.ToString(CultureInfo.InvariantCulture)}) at {ClusterTime.Format(terminated.FinishedAt)}";
                facts.Add("last termination " + t);
                lastTermination ??= t;
                if (c.RestartCount > 0 && ClusterTime.Of(terminated.FinishedAt) is { } finished && now - finished < RestartWindow) restarting = true;
            }
            evidence.Add(new(label, string.Join("; ", facts)));
            if (waiting?.Reason is { } reason && BadWaiting.Contains(reason)) states.Add($"{c.Name} {reason}");
            else if (!init && !c.Ready && phase == "Running" && !young) states.Add($"{c.Name} not ready");
        }
        if (phase is "Failed" or "Unknown") states.Insert(0, $"phase {phase}{(pod.Status?.Reason is { } r ? $" ({r})" : "")}");
        if (phase == "Pending" && !young)
        {
            var unscheduled = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled" && c.Status == "False");
            states.Insert(0, unscheduled is null ? "Pending" : $"Pending, not scheduled: {unscheduled.Reason} {unscheduled.Message}".TrimEnd());
        }
        if (states.Count > 0) return new Problem(string.Join(", ", states.Distinct()), true, evidence, lastTermination);
        if (restarting) return new Problem("restarting (running again now)", false, evidence, lastTermination);
        return null;
    }

    private static Finding Unhealthy(string ctx, V1Pod pod, Problem problem)
    {
        var name = pod.Metadata?.Name ?? "";
        var node = pod.Spec?.NodeName;
        var (role, component) = Workloads.Classify(pod.Metadata);
        var critical = role != Workloads.Role.Other;
        var severity = (critical, problem.Down) switch
        {
            (true, true) => FindingSeverity.Critical,
            (true, false) or (false, true) => FindingSeverity.Warning,
            _ => FindingSeverity.Info,
        };
        List<Evidence> evidence =
        [
            new("cluster", ctx), new("pod", $"kube-system/{name}"), new("role", $"{Workloads.Describe(role)} ({component})"),
            new("node", node ?? "(not scheduled)"), new("phase", pod.Status?.Phase ?? "Unknown"),
            new("started", ClusterTime.Format(pod.Status?.StartTime)),
            .. problem.Containers,
        ];
        var steps = new List<RunbookStep>
        {
            new("See its events and container states", ClusterApi.Kubectl(ctx, $"-n kube-system describe pod {name}")),
            new("Read the logs of the last crashed run (certificate errors show as x509 or 'unknown authority')", ClusterApi.Kubectl(ctx, $"-n kube-system logs {name} --all-containers --previous --tail=50")),
        };
        switch (role)
        {
            case Workloads.Role.ControlPlane:
                steps.Add(StaticPods.ContainerLogs(component, node));
                steps.Add(Kubeadm.CheckExpirationFor("Certificates and kubeconfigs it uses: check their dates", RunOn.SubjectNode));
                steps.AddRange(StaticPods.Restart(component).Select(s => s with { On = RunOn.SubjectNode }));
                break;
            case Workloads.Role.Dns:
                steps.Add(new("CoreDNS cannot run without the pod network: if CNI pods are unhealthy too, fix those first. A loop to the node's own resolver (127.0.0.53) crashes it as well: check the Corefile's forward line", ClusterApi.Kubectl(ctx, "-n kube-system get configmap coredns -o jsonpath='{.data.Corefile}'")));
                steps.Add(new("Recreate the DNS pods", ClusterApi.Kubectl(ctx, $"-n kube-system rollout restart {Workloads.OwnerOf(pod)}")));
                break;
            case Workloads.Role.Cni:
                steps.Add(new("After a certificate or CA change the CNI pod keeps the old credentials until it is recreated (seed 001); delete it and its controller starts a new one", ClusterApi.Kubectl(ctx, $"-n kube-system delete pod {name}")));
                break;
            default:
                steps.Add(new("Recreate it once the cause is fixed", Workloads.OwnerOf(pod) is var owner && owner.StartsWith("pod/", StringComparison.Ordinal)
                    ? ClusterApi.Kubectl(ctx, $"-n kube-system delete {owner}")
                    : ClusterApi.Kubectl(ctx, $"-n kube-system rollout restart {owner}")));
                break;
        }
        var summary = $"{Workloads.Describe(role)} pod kube-system/{name}{(node is null ? "" : $" on {node}")} is {problem.State}" +
                      (problem.LastTermination is { } t ? $"; last termination {t}" : "");
        return new Finding(FindingIds.PodUnhealthy, severity, ClusterApi.Subject(ctx, "Pod", "kube-system", name), summary, evidence,
            new Runbook(steps,
                [
                    new("The pod must be Running and READY, with RESTARTS no longer growing", ClusterApi.Kubectl(ctx, $"-n kube-system get pod {name} -o wide")),
                    ClusterApi.Rerun(ctx),
                ]));
    }
}
