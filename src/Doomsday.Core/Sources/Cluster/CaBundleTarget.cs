namespace Doomsday.Core.Sources.Cluster;

/// <summary>
/// Where the API server sends the calls a <c>caBundle</c> verifies, and (admission webhooks only) what it
/// does when that call fails: the webhook's <c>failurePolicy</c>.
/// </summary>
internal sealed record CaBundleTarget(string? Entry, string? ServiceNamespace, string? ServiceName, string? Url, string? FailurePolicy = null);
