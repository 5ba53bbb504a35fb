using System.Runtime.CompilerServices;
using Polly;
using Polly.Timeout;

namespace Doomsday.Core.Notifiers;

/// <summary>
/// One send with the notifier's per-attempt timeout (a Polly timeout strategy, cached per notifier).
/// A timeout becomes <see cref="DeliveryStatus.Retry"/>; so does an unexpected exception (a notifier bug
/// must not kill the dispatcher), named by type only because its message could echo a URL. Cancellation
/// by the caller propagates.
/// </summary>
internal static class NotifierAttempt
{
    private static readonly ConditionalWeakTable<INotifier, ResiliencePipeline> Pipelines = new();

    public static async Task<DeliveryResult> SendAsync(INotifier notifier, int target, Notification notification, CancellationToken cancellationToken)
    {
        var pipeline = Pipelines.GetValue(notifier, n => new ResiliencePipelineBuilder()
            .AddTimeout(Clamp(n.Options.Timeout))
            .Build());
        try
        {
            return await pipeline.ExecuteAsync(async ct => notifier is IMultiTargetNotifier multi
                    ? await multi.SendToTargetAsync(target, notification, ct).ConfigureAwait(false)
                    : await notifier.SendAsync(notification, ct).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
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

    /// <summary>Whole-notifier send (all targets at once), with the same timeout and error handling.</summary>
    public static async Task<DeliveryResult> SendAllAsync(INotifier notifier, Notification notification, CancellationToken cancellationToken)
    {
        var pipeline = Pipelines.GetValue(notifier, n => new ResiliencePipelineBuilder().AddTimeout(Clamp(n.Options.Timeout)).Build());
        try
        {
            return await pipeline.ExecuteAsync(async ct => await notifier.SendAsync(notification, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
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
