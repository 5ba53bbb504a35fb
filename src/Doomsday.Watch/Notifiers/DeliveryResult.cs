namespace Doomsday.Watch.Notifiers;

/// <summary>
/// What a receiver answered. <see cref="Detail"/> is safe to log (status line, SMTP reply): it never
/// holds the webhook URL or credentials. <see cref="RetryAfter"/> is the receiver's own wait when it
/// gave one (HTTP 429/503 <c>Retry-After</c>).
/// </summary>
public sealed record DeliveryResult(DeliveryStatus Status, string Detail, TimeSpan? RetryAfter = null)
{
    public static DeliveryResult Delivered(string detail) => new(DeliveryStatus.Delivered, detail);
    public static DeliveryResult Retry(string detail, TimeSpan? retryAfter = null) => new(DeliveryStatus.Retry, detail, retryAfter);
    public static DeliveryResult Failed(string detail) => new(DeliveryStatus.Failed, detail);
}
