namespace Doomsday.Core.Sources.Cluster;

/// <summary>
/// A read through the API that failed, as data: one per resource kind (and namespace when the read
/// was namespaced). <see cref="Reason"/> is one of <c>ReasonCodes</c>; <see cref="HttpStatus"/> is
/// the API's answer when there was one (401, 403, 404, 500...).
/// </summary>
public sealed record ClusterReadError(string ObjectKind, string? Namespace, string Reason, int? HttpStatus, string Message);
