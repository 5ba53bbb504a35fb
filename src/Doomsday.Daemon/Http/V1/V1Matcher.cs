namespace Doomsday.Daemon.Http.V1;

/// <summary>
/// A label test as Alertmanager's v2 API writes one: <see cref="Value"/> equal, or (<see cref="IsRegex"/>) a
/// regex (Go syntax) matching the whole value; <see cref="IsEqual"/> false negates it (<c>!=</c>, <c>!~</c>).
/// <c>alertname</c> and <c>severity</c> are labels too.
/// </summary>
public sealed record V1Matcher(string Name, string Value, bool IsRegex = false, bool IsEqual = true);
