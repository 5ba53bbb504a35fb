namespace Doomsday.Watch.Alerting;

/// <summary>Where an alert goes and how long it must hold first. <see cref="Matched"/> false: the default route.</summary>
public sealed record RouteMatch(IReadOnlyList<string> Notifiers, TimeSpan For, bool Matched);
