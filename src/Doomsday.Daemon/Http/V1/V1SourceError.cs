namespace Doomsday.Daemon.Http.V1;

/// <summary>Something the inventory could not read: where, the reason code (docs/reason-codes.md), and a message.</summary>
public sealed record V1SourceError(string Source, string SourceKind, string Reason, string Message);
