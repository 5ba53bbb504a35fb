using Doomsday.Core.Certificates;

namespace Doomsday.Core.Sources.Cluster;

/// <summary>
/// One <c>caBundle</c> from the API: a webhook of a Validating/MutatingWebhookConfiguration, an
/// APIService, or a CRD conversion webhook. <see cref="Entry"/> names the webhook inside the
/// configuration (null for APIService/CRD); the service or URL is where the API server sends calls,
/// i.e. whose serving certificate this bundle must verify.
/// </summary>
public sealed record CaBundle(
    string ObjectKind,
    string ObjectName,
    string? Entry,
    string Field,
    IReadOnlyList<CertificateInfo> Certificates,
    string? ServiceNamespace,
    string? ServiceName,
    string? Url);
