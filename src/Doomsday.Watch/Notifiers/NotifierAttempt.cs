using System.Runtime.CompilerServices;
using Polly;
using Polly.Timeout;

namespace Doomsday.Watch.Notifiers;

/// <summary>
/// One send with the notifier's per-attempt timeout (a Polly timeout strategy, cached per notifier).
/// A timeout becomes <see cref="DeliveryStatus.Retry"/>; so does an unexpected exception (a notifier bug
/// must not kill the dispatcher), named by type only because its message could echo a URL. Cancellation
/// by the caller propagates. The notifier receives the notification with its own severity names
/// (<see cref="NotifierOptions.Severities"/>): every kind gets the mapping in this one place.
/// </summary>
internal static class NotifierAttempt
{
    private static readonly ConditionalWeakTable<INotifier, ResiliencePipeline> Pipelines = new();

    /// <summary>One target of a <see cref="IMultiTargetNotifier"/>, or the whole notifier otherwise (the outbox's unit).</summary>
    public static Task<DeliveryResult> SendAsync(INotifier notifier, int target, Notification notification, CancellationToken cancellationToken)
    {
        var named = Named(notifier.Options, notification);
        return RunAsync(notifier, ct => notifier is IMultiTargetNotifier multi
            ? multi.SendToTargetAsync(target, named, ct)
            : notifier.SendAsync(named, ct), cancellationToken);
    }

    /// <summary>The whole notifier, every target at once (<c>notify test</c>).</summary>
    public static Task<DeliveryResult> SendAllAsync(INotifier notifier, Notification notification, CancellationToken cancellationToken)
    {
        var named = Named(notifier.Options, notification);
        return RunAsync(notifier, ct => notifier.SendAsync(named, ct), cancellationToken);
    }

    /// <summary>The notification with the notifier's severity names (itself when the notifier renames none).</summary>
    public static Notification Named(NotifierOptions options, Notification n) =>
        options.Severities.Count == 0 ? n : n with
        {
            Severity = options.SeverityName(n.Severity),
            PreviousSeverity = n.PreviousSeverity is { } p ? options.SeverityName(p) : null,
        };

    private static async Task<DeliveryResult> RunAsync(INotifier notifier, Func<CancellationToken, Task<DeliveryResult>> send, CancellationToken cancellationToken)
    {
        var pipeline = Pipelines.GetValue(notifier, n => new ResiliencePipelineBuilder().AddTimeout(Clamp(n.Options.Timeout)).Build());
        try
        {
            return await pipeline.ExecuteAsync(async ct => await send(ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException)
        {
            return DeliveryResult.Retry($"timed out after {notifier.Options.Timeout.TotalSeconds:0.###}s");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return DeliveryResult.Retry($"unexpected error ({e.GetType().Name})");
        }
    }

    /// <summary>Polly accepts 10 ms to 24 h.</summary>
    private static TimeSpan Clamp(TimeSpan t) => t < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : t > TimeSpan.FromHours(24) ? TimeSpan.FromHours(24) : t;
}
