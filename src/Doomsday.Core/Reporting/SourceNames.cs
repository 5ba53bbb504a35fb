namespace Doomsday.Core.Reporting;

/// <summary>
/// The <c>source_name</c> values of the <c>x509_source_*</c> families. Public contract (docs/metrics.md).
/// A source is one place of the configuration (the key under <c>certificates:</c>, or the <c>scan</c>
/// flag that does the same); a Kubernetes API source is named by its kubeconfig context instead.
/// </summary>
public static class SourceNames
{
    public const string Kubeadm = "kubeadm";
    public const string Paths = "paths";
    public const string Kubeconfigs = "kubeconfigs";
    public const string Endpoints = "endpoints";
    /// <summary>The exporter's synthetic source of HTTP errors answered by the Kubernetes API (<c>source_kind="kubernetes"</c>).</summary>
    public const string KubeApi = "kube-api";
}
