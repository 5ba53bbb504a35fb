namespace Doomsday.Core.Sources.Cluster;

/// <summary>Where the API server sends the calls a <c>caBundle</c> verifies.</summary>
internal sealed record CaBundleTarget(string? Entry, string? ServiceNamespace, string? ServiceName, string? Url);
