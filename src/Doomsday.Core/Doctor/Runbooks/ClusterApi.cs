using Doomsday.Core.Doctor.Plans;

namespace Doomsday.Core.Doctor.Runbooks;

/// <summary>
/// Commands for findings read through the Kubernetes API. Every kubectl command names the context
/// the snapshot came from, so a runbook copied from a multi-cluster report acts on the right cluster
/// (in-cluster runs have no context to name).
/// </summary>
public static class ClusterApi
{
    public const string InCluster = "in-cluster";

    public static string Kubectl(string context, string arguments) =>
        context == InCluster ? $"kubectl {arguments}" : $"kubectl --context {context} {arguments}";

    public static RunbookStep Rerun(string context) =>
        new("Run doctor against the cluster again",
            context == InCluster ? "doomsday doctor --cluster" : $"doomsday doctor --cluster --context {context}", RunOn.Kubectl, PlanStage.Verify);

    /// <summary>The resource name <c>kubectl</c> and RBAC use for an API kind (plural, with its group).</summary>
    public static string ResourceOf(string kind) => kind switch
    {
        "Secret" => "secrets",
        "ConfigMap" => "configmaps",
        "Node" => "nodes",
        "Pod" => "pods",
        "Namespace" => "namespaces",
        "Deployment" => "deployments.apps",
        "DaemonSet" => "daemonsets.apps",
        "CertificateSigningRequest" => "certificatesigningrequests.certificates.k8s.io",
        "ValidatingWebhookConfiguration" => "validatingwebhookconfigurations.admissionregistration.k8s.io",
        "MutatingWebhookConfiguration" => "mutatingwebhookconfigurations.admissionregistration.k8s.io",
        "APIService" => "apiservices.apiregistration.k8s.io",
        "CustomResourceDefinition" => "customresourcedefinitions.apiextensions.k8s.io",
        "Certificate" => "certificates.cert-manager.io",
        _ => kind.ToLowerInvariant() + "s",
    };

    /// <summary>How a finding names an API object: <c>context Kind namespace/name</c>.</summary>
    public static string Subject(string context, string kind, string? ns, string name) =>
        $"{context} {kind} " + (string.IsNullOrEmpty(ns) ? name : $"{ns}/{name}");
}
