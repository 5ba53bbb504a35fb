using System.Text.Json;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Doomsday.Core.Sources.Cluster;

/// <summary>
/// The Kubernetes objects doomsday reads (API lists and saved documents), decoded with the options of
/// KubernetesClient's own serializer (kubernetes-client/csharp src/KubernetesClient/SourceGenerationContext.cs,
/// v21.0.8: camelCase, nulls left out, enums as strings, Kubernetes' RFC 3339 times and ISO 8601 durations),
/// generated for these types only. The client's context resolves every model of the Kubernetes API; once
/// anything reaches it, a native build keeps them all (13 MB of the 41 MB executable: docs/benchmarks.md).
/// The fourth converter of the client's options (<c>V1Status</c>'s object view) is left out: no type here holds a V1Status.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    Converters = [typeof(KubernetesJson.Iso8601TimeSpanConverter), typeof(KubernetesJson.KubernetesDateTimeConverter), typeof(KubernetesJson.KubernetesDateTimeOffsetConverter)])]
[JsonSerializable(typeof(VersionInfo))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(V1Secret))]
[JsonSerializable(typeof(V1SecretList))]
[JsonSerializable(typeof(V1ConfigMap))]
[JsonSerializable(typeof(V1ConfigMapList))]
[JsonSerializable(typeof(V1CertificateSigningRequest))]
[JsonSerializable(typeof(V1CertificateSigningRequestList))]
[JsonSerializable(typeof(V1ValidatingWebhookConfiguration))]
[JsonSerializable(typeof(V1ValidatingWebhookConfigurationList))]
[JsonSerializable(typeof(V1MutatingWebhookConfiguration))]
[JsonSerializable(typeof(V1MutatingWebhookConfigurationList))]
[JsonSerializable(typeof(V1APIService))]
[JsonSerializable(typeof(V1APIServiceList))]
[JsonSerializable(typeof(V1CustomResourceDefinition))]
[JsonSerializable(typeof(V1CustomResourceDefinitionList))]
[JsonSerializable(typeof(V1NodeList))]
[JsonSerializable(typeof(V1PodList))]
[JsonSerializable(typeof(V1DeploymentList))]
[JsonSerializable(typeof(V1DaemonSetList))]
internal sealed partial class ClusterJson : JsonSerializerContext;
