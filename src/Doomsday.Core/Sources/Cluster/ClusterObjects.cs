using System.Text;
using k8s.Models;

namespace Doomsday.Core.Sources.Cluster;

/// <summary>
/// The certificate-bearing fields of each API object kind the cluster source reads. One place, shared
/// by the live source and by the decoding of saved API documents, so both see objects the same way.
/// </summary>
internal static class ClusterObjects
{
    public const string Secret = "Secret";
    public const string ConfigMap = "ConfigMap";
    public const string ValidatingWebhookConfiguration = "ValidatingWebhookConfiguration";
    public const string MutatingWebhookConfiguration = "MutatingWebhookConfiguration";
    public const string ApiService = "APIService";
    public const string CustomResourceDefinition = "CustomResourceDefinition";
    public const string CertificateSigningRequest = "CertificateSigningRequest";
    public const string CertManagerCertificate = "Certificate";
    public const string Node = "Node";
    public const string Pod = "Pod";
    public const string Deployment = "Deployment";
    public const string DaemonSet = "DaemonSet";

    public const string RootCaConfigMap = "kube-root-ca.crt";
    public const string TlsKey = "tls.key";

    /// <summary>Data keys of a Secret that match a pattern of its type, in key order.</summary>
    public static IEnumerable<ClusterMaterial> FromSecret(string cluster, V1Secret secret, IReadOnlyList<SecretPattern> patterns)
    {
        if (secret.Data is null) yield break;
        var type = secret.Type ?? "Opaque";
        var matching = patterns.Where(p => p.Type == type || p.Type == "*").ToList();
        if (matching.Count == 0) yield break;
        secret.Data.TryGetValue(TlsKey, out var key);
        foreach (var (name, value) in secret.Data.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            if (value is null || !matching.Any(p => p.Matches(name))) continue;
            yield return new ClusterMaterial(new ClusterSourceRef(cluster, Secret, secret.Metadata?.NamespaceProperty, secret.Metadata?.Name ?? "", name), value)
            {
                PrivateKey = name == "tls.crt" && key is { Length: > 0 } ? key : null,
            };
        }
    }

    /// <summary><c>kube-root-ca.crt</c>'s <c>ca.crt</c>, and the keys matching <paramref name="keyMatches"/> in <c>data</c> and <c>binaryData</c>.</summary>
    public static IEnumerable<ClusterMaterial> FromConfigMap(string cluster, V1ConfigMap map, Func<string, bool> keyMatches)
    {
        var ns = map.Metadata?.NamespaceProperty;
        var name = map.Metadata?.Name ?? "";
        var isRoot = name == RootCaConfigMap;
        foreach (var (key, value) in (map.Data ?? new Dictionary<string, string>()).OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            if (value is null || !((isRoot && key == "ca.crt") || keyMatches(key))) continue;
            yield return new ClusterMaterial(new ClusterSourceRef(cluster, ConfigMap, ns, name, key), Encoding.UTF8.GetBytes(value));
        }
        foreach (var (key, value) in (map.BinaryData ?? new Dictionary<string, byte[]>()).OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            if (value is null || !keyMatches(key)) continue;
            yield return new ClusterMaterial(new ClusterSourceRef(cluster, ConfigMap, ns, name, key), value);
        }
    }

    public static IEnumerable<ClusterMaterial> FromWebhooks(string cluster, V1ValidatingWebhookConfiguration config) =>
        Webhooks(cluster, ValidatingWebhookConfiguration, config.Metadata?.Name ?? "", config.Webhooks?.Select(w => (w.Name, (Admissionregistrationv1WebhookClientConfig?)w.ClientConfig, (string?)w.FailurePolicy)));

    public static IEnumerable<ClusterMaterial> FromWebhooks(string cluster, V1MutatingWebhookConfiguration config) =>
        Webhooks(cluster, MutatingWebhookConfiguration, config.Metadata?.Name ?? "", config.Webhooks?.Select(w => (w.Name, (Admissionregistrationv1WebhookClientConfig?)w.ClientConfig, (string?)w.FailurePolicy)));

    private static IEnumerable<ClusterMaterial> Webhooks(string cluster, string kind, string name, IEnumerable<(string Name, Admissionregistrationv1WebhookClientConfig? Client, string? FailurePolicy)>? hooks)
    {
        var i = 0;
        foreach (var (hook, client, failurePolicy) in hooks ?? [])
        {
            var index = i++;
            if (client?.CaBundle is not { Length: > 0 } bundle) continue;
            yield return new ClusterMaterial(new ClusterSourceRef(cluster, kind, null, name, $"webhooks[{index}].clientConfig.caBundle"), bundle)
            {
                Bundle = new CaBundleTarget(hook, client.Service?.NamespaceProperty, client.Service?.Name, client.Url, failurePolicy),
            };
        }
    }

    public static IEnumerable<ClusterMaterial> FromApiService(string cluster, V1APIService service)
    {
        if (service.Spec?.CaBundle is not { Length: > 0 } bundle) yield break;
        yield return new ClusterMaterial(new ClusterSourceRef(cluster, ApiService, null, service.Metadata?.Name ?? "", "spec.caBundle"), bundle)
        {
            Bundle = new CaBundleTarget(null, service.Spec.Service?.NamespaceProperty, service.Spec.Service?.Name, null),
        };
    }

    public static IEnumerable<ClusterMaterial> FromCrd(string cluster, V1CustomResourceDefinition crd)
    {
        var client = crd.Spec?.Conversion?.Webhook?.ClientConfig;
        if (client?.CaBundle is not { Length: > 0 } bundle) yield break;
        yield return new ClusterMaterial(new ClusterSourceRef(cluster, CustomResourceDefinition, null, crd.Metadata?.Name ?? "", "spec.conversion.webhook.clientConfig.caBundle"), bundle)
        {
            Bundle = new CaBundleTarget(null, client.Service?.NamespaceProperty, client.Service?.Name, client.Url),
        };
    }

    /// <summary>The issued certificate of a CSR (none while Pending or Denied).</summary>
    public static IEnumerable<ClusterMaterial> FromCsr(string cluster, V1CertificateSigningRequest csr)
    {
        if (csr.Status?.Certificate is not { Length: > 0 } cert) yield break;
        yield return new ClusterMaterial(new ClusterSourceRef(cluster, CertificateSigningRequest, null, csr.Metadata?.Name ?? "", "status.certificate"), cert);
    }
}
