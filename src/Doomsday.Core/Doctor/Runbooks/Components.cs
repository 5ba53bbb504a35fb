using Doomsday.Core.Doctor.Plans;
using Doomsday.Core.Sources.Endpoints;

namespace Doomsday.Core.Doctor.Runbooks;

/// <summary>
/// Runbook steps for the control-plane components as running processes: restart them after a
/// renewal, check what they serve, find out why one does not answer. One place per component, so that
/// every finding gives the same commands.
/// </summary>
internal static class Components
{
    /// <summary>
    /// The order in which the control-plane static pods are restarted. After <c>kubeadm certs renew</c> kubeadm
    /// only says which ("You must restart the kube-apiserver, kube-controller-manager, kube-scheduler and etcd,
    /// so that they can use the new certificates", cmd/kubeadm/app/cmd/certs.go; kubernetes.io "Certificate
    /// Management with kubeadm": restart the control-plane Pods); the order is the one kubeadm itself uses when
    /// it restarts them with new files, in <c>kubeadm upgrade</c>: etcd first ("etcd upgrade is done prior to
    /// other control plane components"), then kube-apiserver, kube-controller-manager, kube-scheduler
    /// (cmd/kubeadm/app/phases/upgrade/staticpods.go, StaticPodControlPlane, over constants.ControlPlaneComponents).
    /// The API server needs etcd; the other two need the API server. The kubelet, a systemd service, comes last.
    /// </summary>
    public static readonly IReadOnlyList<string> RenewalRestartOrder = [StaticPods.Etcd, StaticPods.ApiServer, StaticPods.ControllerManager, StaticPods.Scheduler];

    /// <summary>
    /// Where a runbook starts, to open its first step: "On control-plane node NAME" (etcd's <c>--name</c>,
    /// which kubeadm sets to the node name), else "On this control-plane node".
    /// </summary>
    public static string OnNode(DoctorInputs inputs) =>
        inputs.Manifest("etcd")?.Flag("--name") is { Length: > 0 } name ? $"On control-plane node {name}" : "On this control-plane node";

    /// <summary>"On the node at HOST" for a component reached elsewhere than on loopback, else <see cref="OnNode"/>.</summary>
    public static string OnNodeOf(DoctorInputs inputs, EndpointTarget target) =>
        target.Host is "127.0.0.1" or "::1" or "localhost" ? OnNode(inputs) : $"On the node at {target.Host}";

    /// <summary>Where a step about a component reached at <paramref name="target"/> runs: this node on loopback, else the node at that address.</summary>
    public static string Where(EndpointTarget target) =>
        target.Host is "127.0.0.1" or "::1" or "localhost" ? RunOn.ThisNode : RunOn.SubjectNode;

    /// <summary>Restart, one at a time in kubeadm's order, the static pods this node runs (all four when the tree has no manifests).</summary>
    /// <param name="target">Where the component that needs it was reached: its node's static pods are restarted (this node when null or on loopback).</param>
    public static IReadOnlyList<RunbookStep> RestartAfterRenewal(DoctorInputs inputs, EndpointTarget? target = null)
    {
        var on = target is null ? RunOn.ThisNode : Where(target);
        var where = target is null ? OnNode(inputs) : OnNodeOf(inputs, target);
        var present = inputs.Manifests.Select(m => m.Component).ToHashSet(StringComparer.Ordinal);
        var pods = RenewalRestartOrder.Where(p => present.Count == 0 || present.Contains(p)).ToList();
        var steps = new List<RunbookStep>
        {
            new($"{where}: `kubeadm certs renew` restarts nothing, and `renew all` renews the certificates of every control-plane component at once; " +
                $"restart {string.Join(", ", pods)} one at a time, in this order (kubeadm's), each only once the previous one runs again", null, on, PlanStage.Note),
        };
        foreach (var pod in pods) steps.AddRange(StaticPods.Restart(pod, on));
        return steps;
    }

    /// <summary>
    /// One command that prints whether <paramref name="hostPort"/> serves exactly <paramref name="file"/>
    /// (SHA-256 fingerprints). etcd demands a client certificate: the healthcheck client kubeadm writes is presented.
    /// </summary>
    public static RunbookStep CompareServed(string component, string hostPort, string file)
    {
        var connect = component is "etcd" or "etcd-peer"
            ? $"sudo openssl s_client -connect {hostPort} -cert /etc/kubernetes/pki/etcd/healthcheck-client.crt -key /etc/kubernetes/pki/etcd/healthcheck-client.key"
            : $"openssl s_client -connect {hostPort}";
        var served = $"echo | {connect} 2>/dev/null | openssl x509 -noout -fingerprint -sha256";
        var disk = $"sudo openssl x509 -in {file} -noout -fingerprint -sha256";
        return new RunbookStep($"{hostPort} must serve exactly {file}",
            $"[ \"$({served})\" = \"$({disk})\" ] && echo '{hostPort} serves {file}' || echo '{hostPort} does NOT serve {file}'", RunOn.ThisNode, PlanStage.Verify);
    }

    /// <summary>When a controller-manager or scheduler started, read from the subject (<c>localhost@UNIX-TIME</c>) of the certificate it made at start.</summary>
    public static RunbookStep StartTime(string component, string hostPort) =>
        new($"When {component} started (it made the certificate it serves at start, named localhost@<unix time>)",
            $"date -u -d @$(echo | openssl s_client -connect {hostPort} 2>/dev/null | openssl x509 -noout -subject | sed -n 's/.*@\\([0-9][0-9]*\\).*/\\1/p')", RunOn.ThisNode, PlanStage.Verify);

    /// <summary>Why a component does not answer: its container, its logs, the kubelet that runs it, its manifest; then a health check.</summary>
    public static Runbook NotAnswering(DoctorInputs inputs, string component, EndpointTarget target)
    {
        var where = OnNodeOf(inputs, target);
        var on = Where(target);
        var address = $"{(target.Host.Contains(':') ? $"[{target.Host}]" : target.Host)}:{target.Port}";
        if (component == "kubelet")
        {
            return new Runbook(
                [
                    new($"{where}: is the kubelet running, and why did it stop", "sudo systemctl status kubelet --no-pager", on),
                    new("Its last messages (an expired client certificate shows as x509 errors)", "sudo journalctl -u kubelet -n 50 --no-pager", on),
                    new("Start it again once the cause is fixed", "sudo systemctl restart kubelet", on),
                ],
                [new("The kubelet's health endpoint must answer ok", "curl -s http://127.0.0.1:10248/healthz", on), Verify.Rerun()]);
        }
        var pod = ComponentEndpoints.PodOf(component);
        var steps = new List<RunbookStep>
        {
            new($"{where}: does the {pod} container run, or keep exiting", $"sudo crictl ps -a {StaticPods.NameFilter(pod)}", on),
            new("Its last log lines (x509 errors point at a certificate, 'bind: address already in use' at another process on the port)",
                $"sudo crictl logs --tail 50 $(sudo crictl ps -a -q {StaticPods.NameFilter(pod)} | head -n 1)", on),
            new("Is its manifest still in place (a restart that moved it out and never back leaves the kubelet nothing to run)", $"ls -l {StaticPods.ManifestsDir}/{pod}.yaml", on),
            new("What the kubelet says about starting it", $"sudo journalctl -u kubelet --since '-15 min' --no-pager | grep -i -- '{pod}' | tail -n 20", on),
            Kubeadm.CheckExpirationFor("Expired certificates are the most common reason a control-plane component stops answering", on),
        };
        RunbookStep verify = component switch
        {
            "apiserver" => new($"The API server must answer ok on {address}", $"curl -sk https://{address}/livez", on),
            "etcd" or "etcd-peer" => new(component == "etcd" ? "etcd must report itself healthy" : "etcd's peer port must answer with its version",
                "sudo curl -s --cacert /etc/kubernetes/pki/etcd/ca.crt --cert /etc/kubernetes/pki/etcd/healthcheck-client.crt " +
                $"--key /etc/kubernetes/pki/etcd/healthcheck-client.key https://{address}/{(component == "etcd" ? "health" : "version")}", on),
            _ => new($"{component} must answer ok on {address}", $"curl -sk https://{address}/healthz", on),
        };
        return new Runbook(steps, [verify, Verify.Rerun()]);
    }
}
