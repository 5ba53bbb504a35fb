using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Cluster;

namespace Doomsday.Core.Reporting;

/// <summary>
/// The <c>source_kind</c> values of the <c>x509_source_*</c> families. Public contract (docs/metrics.md):
/// the first five are x509-certificate-exporter v4's (<c>pkg/cert/cert.go</c>, <c>Kind*</c>), so its
/// dashboards and rules read them; <see cref="Endpoint"/> and <see cref="KubeCsr"/> are Doomsday's own
/// (places the exporter does not read). <see cref="Kubernetes"/> is the exporter's synthetic kind for
/// the API server itself (<c>source_name="kube-api"</c>) and for reads of other API objects.
/// </summary>
public static class ExporterSourceKinds
{
    public const string File = "file";
    public const string Kubeconfig = "kubeconfig";
    public const string KubeSecret = "kube-secret";
    public const string KubeConfigMap = "kube-configmap";
    public const string KubeCaBundle = "kube-cabundle";
    public const string Endpoint = "endpoint";
    public const string KubeCsr = "kube-csr";
    public const string Kubernetes = "kubernetes";

    /// <summary>The kinds one Kubernetes API source (one kubeconfig context) reads certificates from.</summary>
    public static IReadOnlyList<string> Cluster { get; } = [KubeSecret, KubeConfigMap, KubeCaBundle, KubeCsr];

    public static IReadOnlyList<string> All { get; } = [File, Kubeconfig, KubeSecret, KubeConfigMap, KubeCaBundle, Endpoint, KubeCsr, Kubernetes];

    /// <summary>The kind a place belongs to; <see cref="Kubernetes"/> for the API server itself and objects that hold no certificate.</summary>
    public static string Of(SourceRef source) => source switch
    {
        FileSourceRef => File,
        KubeconfigSourceRef => Kubeconfig,
        EndpointSourceRef => Endpoint,
        ClusterSourceRef k => k.ObjectKind switch
        {
            "Secret" => KubeSecret,
            "ConfigMap" => KubeConfigMap,
            "ValidatingWebhookConfiguration" or "MutatingWebhookConfiguration" or "APIService" or "CustomResourceDefinition" => KubeCaBundle,
            "CertificateSigningRequest" => KubeCsr,
            _ => Kubernetes,
        },
        _ => source.Kind,
    };
}
