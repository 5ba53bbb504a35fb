namespace Doomsday.Core.Doctor;

/// <summary>
/// Stable finding ids. Public contract (docs/findings.md): alert rules, tickets and silences refer to
/// them. Never rename one; add new ones.
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

    public static readonly IReadOnlyList<string> All =
    [
        StaleServingCertificate, ChainBroken, KeyMismatch, NotACa, KubeconfigCaMismatch, SanMissing,
        ClientCertUntrusted, KubeletClientRotation, EtcdSanMissing, EtcdClientUntrusted, NotYetValid,
        OutlivesIssuer, WeakKey, WeakSignature, CertificateExpired, CertificateExpiring,
        StaleClientCertificate, ComponentNotAnswering, ServiceAccountKeyMismatch, ApiserverSanMissing,
        RootCaConfigMapStale, CaBundleExpired, CaBundleMismatch, CsrPending, NodeNotReady, PodUnhealthy,
        WorkloadUnavailable, ApiAccessDenied, ApiUnreachable, CertManagerNotReady,
    ];
}
