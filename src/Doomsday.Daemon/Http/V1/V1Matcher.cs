namespace Doomsday.Daemon.Http.V1;

/// <summary>A label test: <see cref="Value"/> equal, or (<see cref="IsRegex"/>) a regex matching the whole value. <c>alertname</c> and <c>severity</c> are labels too.</summary>
public sealed record V1Matcher(string Name, string Value, bool IsRegex = false);
