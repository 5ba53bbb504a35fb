namespace Doomsday.Daemon.Http.V1;

/// <summary>The last completed certificate inventory: counts, and the places it could not read (each a <c>SourceUnreadable</c> alert).</summary>
public sealed record V1LastScan(DateTimeOffset At, int Certificates, int Errors, int Findings, IReadOnlyList<V1SourceError> Unreadable);
