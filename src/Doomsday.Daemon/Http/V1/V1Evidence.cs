namespace Doomsday.Daemon.Http.V1;

public sealed record V1Evidence(string Label, string Value);
