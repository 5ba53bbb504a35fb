namespace Doomsday.Testing.Kubernetes;

/// <summary>
/// One API resource the fake serves: where it lives (group/version/plural), whether it is namespaced,
/// and which field labels its <c>fieldSelector</c> accepts beyond <c>metadata.name</c>/<c>metadata.namespace</c>
/// (as the real API server, an unknown label is a 400).
/// </summary>
internal sealed record FakeResource(string Group, string Version, string Plural, string Singular, string Kind, bool Namespaced, params string[] ExtraFields)
{
    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";
    public string ListKind => Kind + "List";

    public static readonly FakeResource Secrets = new("", "v1", "secrets", "secret", "Secret", true, "type");
    public static readonly FakeResource ConfigMaps = new("", "v1", "configmaps", "configmap", "ConfigMap", true);
    public static readonly FakeResource Nodes = new("", "v1", "nodes", "node", "Node", false, "spec.unschedulable");
    public static readonly FakeResource Pods = new("", "v1", "pods", "pod", "Pod", true, "status.phase", "spec.nodeName");
    public static readonly FakeResource Namespaces = new("", "v1", "namespaces", "namespace", "Namespace", false, "status.phase");
    public static readonly FakeResource Deployments = new("apps", "v1", "deployments", "deployment", "Deployment", true);
    public static readonly FakeResource DaemonSets = new("apps", "v1", "daemonsets", "daemonset", "DaemonSet", true);
    public static readonly FakeResource ValidatingWebhooks = new("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations", "validatingwebhookconfiguration", "ValidatingWebhookConfiguration", false);
    public static readonly FakeResource MutatingWebhooks = new("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations", "mutatingwebhookconfiguration", "MutatingWebhookConfiguration", false);
    public static readonly FakeResource ApiServices = new("apiregistration.k8s.io", "v1", "apiservices", "apiservice", "APIService", false);
    public static readonly FakeResource Crds = new("apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition", "CustomResourceDefinition", false);
    public static readonly FakeResource Csrs = new("certificates.k8s.io", "v1", "certificatesigningrequests", "certificatesigningrequest", "CertificateSigningRequest", false, "spec.signerName");
    /// <summary>Served only once the CRD <c>certificates.cert-manager.io</c> has been added, as on a real cluster.</summary>
    public static readonly FakeResource CertManagerCertificates = new("cert-manager.io", "v1", "certificates", "certificate", "Certificate", true);

    public static readonly IReadOnlyList<FakeResource> All =
    [
        Secrets, ConfigMaps, Nodes, Pods, Namespaces, Deployments, DaemonSets, ValidatingWebhooks, MutatingWebhooks,
        ApiServices, Crds, Csrs, CertManagerCertificates,
    ];

    public static FakeResource? ByKind(string apiVersion, string kind) =>
        All.FirstOrDefault(r => r.Kind == kind && r.GroupVersion == apiVersion) ?? All.FirstOrDefault(r => r.Kind == kind);
}
