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
    string? Url)
{
    /// <summary>
    /// The webhook's <c>failurePolicy</c> (<c>Fail</c> or <c>Ignore</c>; null for APIService/CRD, and
    /// when the API omitted it — admissionregistration/v1 then means <c>Fail</c>). With <c>Fail</c>
    /// a bundle that verifies nothing rejects every request the webhook matches.
    /// </summary>
    public string? FailurePolicy { get; init; }
}
