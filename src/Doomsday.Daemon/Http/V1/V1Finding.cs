namespace Doomsday.Daemon.Http.V1;

/// <summary>One doctor finding (ids: docs/findings.md) with its evidence as label/value pairs.</summary>
public sealed record V1Finding(string Id, string Severity, string Subject, string Summary, IReadOnlyList<V1Evidence> Evidence);
