using Doomsday.Core.Doctor.Checks.Support;
using Doomsday.Core.Doctor.Runbooks;
using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Cluster;

namespace Doomsday.Core.Doctor.Checks;

/// <summary>
/// What the API would not give: a cluster that could not be reached at all (one finding, and the
/// other API checks then say nothing about that cluster: no cascade), reads refused with 401/403
/// (one finding per kind, listing the namespaces, with the RBAC to grant), and kinds whose read
/// timed out or lost the connection while others succeeded. Everything that could be read is still
/// checked by the other API checks.
/// </summary>
internal sealed class ApiAccessCheck : IDoctorCheck
{
    // Runbook steps written in this file are specific to its findings (their objects, flags and evidence); steps about a
    // component (a static pod, the kubelet, kubeadm, a kubeconfig, the cluster API) come from the runbook library, Doctor/Runbooks.

    // The cluster reader reports api_unreachable (connection refused, DNS, TLS, reset) and timeout;
    // the endpoint codes are kept for snapshots built from other sources.
    private static readonly HashSet<string> UnreachableReasons = new(StringComparer.Ordinal)
    {
        ReasonCodes.ApiUnreachable, ReasonCodes.Unreachable, ReasonCodes.ConnectRefused, ReasonCodes.Timeout, ReasonCodes.DnsFailed, ReasonCodes.TlsHandshakeFailed,
    };

    public string Name => "api-access";

    public IReadOnlyList<FindingDeclaration> Emits { get; } =
        FindingDeclaration.ClusterAccess(FindingIds.ApiAccessDenied, FindingIds.ApiUnreachable);

    public static bool IsDenied(ClusterReadError e) => e.HttpStatus is 401 or 403 || e.Reason == ReasonCodes.PermissionDenied;

    public static bool IsUnreachable(ClusterReadError e) => e.HttpStatus is null or 504 && UnreachableReasons.Contains(e.Reason);

    public void Run(DoctorInputs inputs, DoctorReport report)
    {
        foreach (var cluster in inputs.Clusters)
        {
            if (cluster.Unreachable)
            {
                // A 401 everywhere is reachable but useless: the credentials are the problem, not the network.
                var denied = cluster.Errors.Where(e => e.HttpStatus == 401).ToList();
                report.Add(denied.Count > 0 && denied.Count == cluster.Errors.Count
                    ? CredentialsRejected(cluster, denied)
                    : Unreachable(cluster, cluster.Errors.Where(IsUnreachable).ToList(), whole: true));
                continue;
            }
            foreach (var group in cluster.Errors.Where(IsDenied).GroupBy(e => e.ObjectKind).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                report.Add(Denied(cluster, group.Key, group.ToList()));
            }
            var lost = cluster.Errors.Where(e => !IsDenied(e) && IsUnreachable(e)).ToList();
            if (lost.Count > 0) report.Add(Unreachable(cluster, lost, whole: false));
            foreach (var other in cluster.Errors.Where(e => !IsDenied(e) && !IsUnreachable(e) && e.HttpStatus != 404))
            {
                report.Skip(Name, ClusterApi.Subject(cluster.Context, other.ObjectKind, other.Namespace, "*"),
                    $"{other.Reason}{(other.HttpStatus is { } s ? $" (HTTP {s})" : "")}: {other.Message}");
            }
        }
    }

    private static Finding Denied(ClusterSnapshot cluster, string kind, IReadOnlyList<ClusterReadError> errors)
    {
        var resource = ClusterApi.ResourceOf(kind);
        var namespaces = errors.Select(e => e.Namespace).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        var scope = errors.Any(e => e.Namespace is null) ? "--all-namespaces" : $"-n {namespaces.FirstOrDefault()}";
        var status = string.Join(", ", errors.Select(e => e.HttpStatus).OfType<int>().Distinct().Order());
        var evidence = new List<Evidence>
        {
            new("cluster", cluster.Context), new("server", cluster.Server), new("kind", kind), new("resource", resource),
            new("HTTP status", status.Length == 0 ? "none" : status), new("reason", errors[0].Reason), new("message", errors[0].Message),
        };
        if (namespaces.Count > 0) evidence.Add(new("namespaces", NameLists.Capped(namespaces)));
        return new Finding(FindingIds.ApiAccessDenied, FindingSeverity.Warning, ClusterApi.Subject(cluster.Context, kind, null, "(list)"),
            $"the API refused to list {resource} on {cluster.Context} ({(status.Length == 0 ? errors[0].Reason : "HTTP " + status)}): what they hold was not checked, the rest was",
            evidence,
            new Runbook(
                [
                    new("See what the identity doomsday uses may do", ClusterApi.Kubectl(cluster.Context, $"auth can-i list {resource} {scope}")),
                    new("For the in-cluster service account, ask as that account", ClusterApi.Kubectl(cluster.Context, $"auth can-i list {resource} {scope} --as=system:serviceaccount:doomsday:doomsday")),
                    new("Grant the least-privilege read role doomsday ships (get/list/watch on exactly the kinds it reads)", ClusterApi.Kubectl(cluster.Context, "apply -f deploy/rbac.yaml")),
                ],
                [new("The answer must be yes", ClusterApi.Kubectl(cluster.Context, $"auth can-i list {resource} {scope}")), ClusterApi.Rerun(cluster.Context)]));
    }

    private static Finding CredentialsRejected(ClusterSnapshot cluster, IReadOnlyList<ClusterReadError> errors) =>
        new(FindingIds.ApiAccessDenied, FindingSeverity.Critical, ClusterApi.Subject(cluster.Context, "Cluster", null, cluster.Server),
            $"the API server of {cluster.Context} rejected the credentials (HTTP 401) for every read: nothing in the cluster was checked. A client certificate that expired or was not issued by the cluster CA, or a revoked token, does this",
            [
                new("cluster", cluster.Context), new("server", cluster.Server), new("HTTP status", "401"),
                new("kinds", NameLists.Capped(errors.Select(e => KindOrVersion(e.ObjectKind)).Distinct().ToList())), new("message", errors[0].Message),
            ],
            new Runbook(
                [
                    new("Check who the API server thinks you are", ClusterApi.Kubectl(cluster.Context, "auth whoami")),
                    new("Check the dates of the client certificate in the kubeconfig", $"kubectl config view --raw --minify --context {cluster.Context} -o jsonpath='{{.users[0].user.client-certificate-data}}' | base64 -d | openssl x509 -noout -subject -issuer -enddate"),
                    Kubeadm.RenewAdminConfOnControlPlane(),
                    Kubeconfigs.RefreshUserCopy(),
                ],
                [ClusterApi.Rerun(cluster.Context)]));

    private static Finding Unreachable(ClusterSnapshot cluster, IReadOnlyList<ClusterReadError> errors, bool whole)
    {
        var first = errors.FirstOrDefault() ?? cluster.Errors.FirstOrDefault();
        var host = Uri.TryCreate(cluster.Server, UriKind.Absolute, out var uri) ? $"{uri.Host}:{(uri.Port > 0 ? uri.Port : 443)}" : cluster.Server;
        var evidence = new List<Evidence> { new("cluster", cluster.Context), new("server", cluster.Server) };
        if (first is not null)
        {
            evidence.Add(new("reason", first.Reason));
            evidence.Add(new("message", first.Message));
        }
        if (!whole) evidence.Add(new("kinds not read", NameLists.Capped(errors.Select(e => e.ObjectKind).Distinct().ToList())));
        var summary = whole
            ? $"the API server of {cluster.Context} ({cluster.Server}) could not be reached{(first is null ? "" : $" ({first.Reason})")}: nothing in the cluster was checked"
            : $"reading {string.Join(", ", errors.Select(e => e.ObjectKind).Distinct())} from {cluster.Context} failed ({first!.Reason}) while other reads succeeded: those objects were not checked";
        return new Finding(FindingIds.ApiUnreachable, whole ? FindingSeverity.Critical : FindingSeverity.Warning,
            ClusterApi.Subject(cluster.Context, "Cluster", null, cluster.Server), summary, evidence,
            new Runbook(
                [
                    new("Ask the API server whether it is ready", ClusterApi.Kubectl(cluster.Context, "get --raw '/readyz?verbose'")),
                    new("Check the port answers TLS and which certificate it serves (an expired apiserver.crt is a classic)", $"echo | openssl s_client -connect {host} 2>/dev/null | openssl x509 -noout -subject -dates"),
                    StaticPods.WhyNotRunning(StaticPods.ApiServer),
                    Kubeadm.CheckExpirationFor("On the control-plane node: check certificate expiry", RunOn.ControlPlane),
                ],
                [ClusterApi.Rerun(cluster.Context)]));
    }

    /// <summary>The reader asks <c>/version</c> first and records a refusal there with no kind: name the call instead.</summary>
    private static string KindOrVersion(string kind) => kind.Length == 0 ? "/version" : kind;
}
