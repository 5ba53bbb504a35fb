namespace Doomsday.Watch.Notifiers;

/// <summary>What one notifier answered to a test message (<see cref="DeliveryResult.Detail"/> is safe to print).</summary>
public sealed record NotifierTestResult(string Notifier, string Kind, DeliveryResult Result);
