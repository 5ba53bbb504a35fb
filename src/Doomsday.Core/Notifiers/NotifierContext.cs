namespace Doomsday.Core.Notifiers;

/// <summary>Shared services a notifier is built with (clock; the HTTP client pool is added here, not per notifier).</summary>
public sealed record NotifierContext(TimeProvider Time);
