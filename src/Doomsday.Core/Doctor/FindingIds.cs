namespace Doomsday.Core.Doctor;

/// <summary>
/// Stable finding ids. Public contract (docs/findings.md): alert rules, tickets and silences refer to
/// them. Never rename one; add new ones. Which check emits which, and from what input, the checks declare
/// (<see cref="IDoctorCheck.Emits"/>).
/// </summary>
public static class FindingIds
{
    public const string StaleServingCertificate = "stale-serving-certificate";
    public const string ChainBroken = "chain-broken";
    public const string KeyMismatch = "key-mismatch";
    public const string NotACa = "not-a-ca";
    public const string KubeconfigCaMismatch = "kubeconfig-ca-mismatch";
    public const string SanMissing = "san-missing";
    public const string ClientCertUntrusted = "client-cert-untrusted";
    public const string KubeletClientRotation = "kubelet-client-rotation";
    public const string EtcdSanMissing = "etcd-san-missing";
    public const string EtcdClientUntrusted = "etcd-client-untrusted";
    public const string NotYetValid = "not-yet-valid";
    public const string OutlivesIssuer = "outlives-issuer";
    public const string WeakKey = "weak-key";
    public const string WeakSignature = "weak-signature";
    public const string CertificateExpired = "certificate-expired";
    public const string CertificateExpiring = "certificate-expiring";
    public const string StaleClientCertificate = "stale-client-certificate";
    public const string ComponentNotAnswering = "component-not-answering";
    public const string ServiceAccountKeyMismatch = "service-account-key-mismatch";
    public const string ApiserverSanMissing = "apiserver-san-missing";

    // Read through the Kubernetes API (doctor --cluster).
    public const string RootCaConfigMapStale = "root-ca-configmap-stale";
    public const string CaBundleExpired = "cabundle-expired";
    public const string CaBundleMismatch = "cabundle-mismatch";
    public const string CsrPending = "csr-pending";
    public const string NodeNotReady = "node-not-ready";
    public const string PodUnhealthy = "pod-unhealthy";
    public const string WorkloadUnavailable = "workload-unavailable";
    public const string ApiAccessDenied = "api-access-denied";
    public const string ApiUnreachable = "api-unreachable";
    public const string CertManagerNotReady = "cert-manager-not-ready";

    /// <summary>Every id some registered check declares (<see cref="IDoctorCheck.Emits"/>), in registration order.</summary>
    public static IReadOnlyList<string> All { get; } =
        DoctorChecks.All.SelectMany(c => c.Emits).Select(d => d.Id).Distinct(StringComparer.Ordinal).ToList();

    private static readonly Dictionary<string, FindingScope> Scopes = DoctorChecks.All.SelectMany(c => c.Emits)
        .GroupBy(d => d.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Scope, StringComparer.Ordinal);

    /// <summary>The input <paramref name="id"/> is judged from, as its check declares it; <see cref="FindingScope.Local"/> for an id no check declares.</summary>
    public static FindingScope ScopeOf(string id) => Scopes.GetValueOrDefault(id, FindingScope.Local);
}
