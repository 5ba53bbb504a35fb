namespace Doomsday.Watch.Notifiers;

/// <summary><c>Retry</c>: transient (connection, timeout, 429, 5xx). <c>Failed</c>: permanent (4xx other than 408/429, bad address).</summary>
public enum DeliveryStatus
{
    Delivered,
    Retry,
    Failed,
}
