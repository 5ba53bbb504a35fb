using Doomsday.Core.Certificates;
using Doomsday.Core.Doctor.Checks.Support;
using Doomsday.Core.Doctor.Runbooks;
using Doomsday.Core.Sources.Cluster;
using k8s.Models;

namespace Doomsday.Core.Doctor.Checks;

/// <summary>
/// CertificateSigningRequests nobody approved or denied for longer than
/// <see cref="DoctorInputs.CsrPendingAfter"/>. kube-controller-manager auto-approves only the
/// kubelet's client certificates; <c>kubernetes.io/kubelet-serving</c> requests (kubelets with
/// <c>serverTLSBootstrap: true</c>) are never auto-approved, so without an approver they wait forever
/// and <c>kubectl logs/exec</c> and metrics-server fail against that node. A kubelet files a new
/// request on each attempt: one finding per requester, naming its newest request and counting the rest.
/// </summary>
internal sealed class CsrPendingCheck : IDoctorCheck
{
    // Runbook steps written in this file are specific to its findings (their objects, flags and evidence); steps about a
    // component (a static pod, the kubelet, kubeadm, a kubeconfig, the cluster API) come from the runbook library, Doctor/Runbooks.

    public const string KubeletServing = "kubernetes.io/kubelet-serving";
    public const string KubeletClient = "kubernetes.io/kube-apiserver-client-kubelet";

    public string Name => "csr-pending";

    public IReadOnlyList<FindingDeclaration> Emits { get; } = FindingDeclaration.ClusterObjects(FindingIds.CsrPending);

    public void Run(DoctorInputs inputs, DoctorReport report)
    {
        foreach (var cluster in inputs.Clusters.Where(ClusterReads.Readable))
        {
            var pending = cluster.SigningRequests
                .Select(csr => (Csr: csr, Created: ClusterTime.Of(csr.Metadata?.CreationTimestamp)))
                .Where(x => IsPending(x.Csr) && x.Created is { } t && inputs.Now - t > inputs.CsrPendingAfter)
                .GroupBy(x => (Signer: x.Csr.Spec?.SignerName ?? "", User: x.Csr.Spec?.Username ?? ""));
            foreach (var group in pending.OrderBy(g => g.Key.Signer, StringComparer.Ordinal).ThenBy(g => g.Key.User, StringComparer.Ordinal))
            {
                var all = group.OrderByDescending(x => x.Created).ToList();
                report.Add(Pending(inputs, cluster, group.Key.Signer, group.Key.User, all));
            }
        }
    }

    /// <summary>Pending = no Approved, Denied or Failed condition and no certificate issued.</summary>
    public static bool IsPending(V1CertificateSigningRequest csr)
    {
        if (csr.Status?.Certificate is { Length: > 0 }) return false;
        return csr.Status?.Conditions?.Any(c => c.Type is "Approved" or "Denied" or "Failed" && c.Status != "False") != true;
    }

    private static Finding Pending(DoctorInputs inputs, ClusterSnapshot cluster, string signer, string user,
        IReadOnlyList<(V1CertificateSigningRequest Csr, DateTimeOffset? Created)> requests)
    {
        var ctx = cluster.Context;
        var newest = requests[0];
        var oldest = requests[^1];
        var name = newest.Csr.Metadata?.Name ?? "";
        var node = user.StartsWith("system:node:", StringComparison.Ordinal) ? user["system:node:".Length..] : null;
        var age = Durations.FormatResidual(inputs.Now - oldest.Created!.Value);
        var (severity, why) = signer switch
        {
            KubeletServing => (FindingSeverity.Warning,
                "kubelet-serving requests are never auto-approved: until one is approved the kubelet has no serving certificate from the cluster CA, and kubectl logs/exec/port-forward and metrics-server fail against the node"),
            KubeletClient => (FindingSeverity.Critical,
                "the kubelet's client certificate requests are normally auto-approved by kube-controller-manager: this node cannot join, or cannot renew its client certificate and goes NotReady when the current one expires"),
            _ => (FindingSeverity.Warning, "whoever waits for this certificate does not get it"),
        };
        var evidence = new List<Evidence>
        {
            new("cluster", ctx), new("signerName", signer.Length == 0 ? "(none)" : signer), new("requested by", user.Length == 0 ? "(unknown)" : user),
            new("newest request", $"{name} created {ClusterTime.Format(newest.Created)}"),
            new("oldest request", $"{oldest.Csr.Metadata?.Name} created {ClusterTime.Format(oldest.Created)}"),
            new("pending requests", requests.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("threshold", Durations.FormatResidual(inputs.CsrPendingAfter)),
        };
        if (newest.Csr.Spec?.Usages is { Count: > 0 } usages) evidence.Add(new("usages", string.Join(", ", usages)));
        if (requests.Count > 1) evidence.Add(new("requests", NameLists.Capped(requests.Select(r => r.Csr.Metadata?.Name ?? "").ToList(), 10)));

        var steps = new List<RunbookStep>
        {
            new("Before approving, check who asks and for which names: approving a serving certificate lets its holder serve TLS for every SAN in it. The requester must be the node itself (system:node:<name>) and the DNS/IP SANs that node's own name and addresses",
                ClusterApi.Kubectl(ctx, $"get csr {name} -o jsonpath='{{.spec.username}}{{\"\\n\"}}{{.spec.request}}'") + " | tail -1 | base64 -d | openssl req -noout -subject -ext subjectAltName"),
        };
        if (node is not null) steps.Add(new($"Compare with node {node}'s addresses", ClusterApi.Kubectl(ctx, $"get node {node} -o jsonpath='{{.status.addresses}}'")));
        steps.Add(new("Approve it only if both match", ClusterApi.Kubectl(ctx, $"certificate approve {name}")));
        if (requests.Count > 1)
        {
            steps.Add(new("Older duplicate requests from the same requester can be denied or deleted once the newest is approved",
                ClusterApi.Kubectl(ctx, $"delete csr {string.Join(" ", requests.Skip(1).Take(10).Select(r => r.Csr.Metadata?.Name))}")));
        }
        if (signer == KubeletServing)
        {
            steps.Add(new("Every kubelet-serving certificate is requested again before it expires: install an approver that checks the requester against its node (e.g. kubelet-csr-approver), or plan to repeat this"));
        }
        else if (signer == KubeletClient)
        {
            steps.Add(new("Auto-approval is kube-controller-manager's csrapproving controller: check it runs and that the bootstrap group is bound to the auto-approve ClusterRoles",
                ClusterApi.Kubectl(ctx, "get clusterrolebinding kubeadm:node-autoapprove-bootstrap kubeadm:node-autoapprove-certificate-rotation")));
        }
        return new Finding(FindingIds.CsrPending, severity, ClusterApi.Subject(ctx, "CertificateSigningRequest", null, name),
            $"{(requests.Count == 1 ? "a CertificateSigningRequest" : $"{requests.Count} CertificateSigningRequests")} from {(user.Length == 0 ? "an unknown requester" : user)} for {(signer.Length == 0 ? "an unnamed signer" : signer)} {(requests.Count == 1 ? "has" : "have")} been Pending for up to {age}: {why}",
            evidence,
            new Runbook(steps,
                [
                    new("The request must show Approved,Issued", ClusterApi.Kubectl(ctx, $"get csr {name}")),
                    ClusterApi.Rerun(ctx),
                ]));
    }
}
