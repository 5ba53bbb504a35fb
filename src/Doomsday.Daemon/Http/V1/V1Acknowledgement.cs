namespace Doomsday.Daemon.Http.V1;

public sealed record V1Acknowledgement(string By, string Comment, DateTimeOffset At, DateTimeOffset? ExpiresAt);
