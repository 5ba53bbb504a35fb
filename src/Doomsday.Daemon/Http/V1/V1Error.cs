namespace Doomsday.Daemon.Http.V1;

/// <summary>The body of every 4xx/5xx answer of the API.</summary>
public sealed record V1Error(string Error);
