namespace Doomsday.Core.Inventory;

/// <summary>
/// Runs sources one after another into one sink. Sources never throw for bad input. Each source runs on a
/// thread of its own, watched: one that makes no progress (nothing found, no file finished) for
/// <see cref="ScanOptions.SourceTimeout"/> is abandoned with one <c>timeout</c> error and the next source runs,
/// and a cancelled run returns at once; whatever an abandoned source reports later is dropped. A read stuck in
/// the kernel (a hung NFS mount: no flag makes that open or read return) then costs that source, not the
/// inventory, nor a daemon's shutdown.
/// </summary>
public static class Scanner
{
    public static Task RunAsync(IEnumerable<ICertificateSource> sources, IInventorySink sink, CancellationToken cancellationToken) =>
        RunAsync(sources, sink, ScanOptions.DefaultSourceTimeout, TimeProvider.System, cancellationToken);

    /// <param name="sourceTimeout">How long a source may go without progress; null: no limit.</param>
    public static async Task RunAsync(IEnumerable<ICertificateSource> sources, IInventorySink sink, TimeSpan? sourceTimeout, TimeProvider time, CancellationToken cancellationToken)
    {
        foreach (var source in sources)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var watched = new WatchedSink(sink, time);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var work = Task.Factory.StartNew(() => source.CollectAsync(watched, stop.Token), CancellationToken.None,
                TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
            bool finished;
            try
            {
                finished = await WatchAsync(work, watched, sourceTimeout, time, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                StopWaiting(watched, stop, work);
                throw;
            }
            if (!finished)
            {
                var timeout = new SourceError(source.Origin, ReasonCodes.Timeout,
                    $"no progress for {Show(sourceTimeout!.Value)}: abandoned, the other sources were read (a read stuck in the kernel, e.g. on a hung network mount?)");
                // The source's own accounts close first, then the inventory's sink: a certificate the thread reports
                // in between is in neither, never counted without being listed.
                if (source is IAbandonableSource abandonable) abandonable.Abandoned(sink, timeout);
                else sink.Add(timeout);
                StopWaiting(watched, stop, work);
            }
        }
    }

    /// <summary>Nothing more from an abandoned source's thread reaches the inventory; the thread may come back much later (or never): its outcome no longer matters, but is observed.</summary>
    private static void StopWaiting(WatchedSink watched, CancellationTokenSource stop, Task work)
    {
        watched.Close();
        stop.Cancel();
        _ = work.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>True when the source finished (its failure, if any, rethrown); false when it went quiet for too long.</summary>
    private static async Task<bool> WatchAsync(Task work, WatchedSink watched, TimeSpan? limit, TimeProvider time, CancellationToken ct)
    {
        if (limit is not { } quietLimit)
        {
            await work.WaitAsync(ct).ConfigureAwait(false);
            return true;
        }
        while (true)
        {
            var left = quietLimit - watched.QuietFor;
            if (left <= TimeSpan.Zero) return false;
            try
            {
                await work.WaitAsync(left, time, ct).ConfigureAwait(false);
                return true;
            }
            catch (TimeoutException) when (!work.IsCompleted)
            {
                // Look again: progress made meanwhile moves the deadline.
            }
        }
    }

    private static string Show(TimeSpan t) => t.TotalSeconds < 1 ? $"{t.TotalMilliseconds:0}ms" : Certificates.Durations.Format(t);

    /// <summary>Forwards to the real sink until closed, and keeps the time of the last sign of progress.</summary>
    private sealed class WatchedSink(IInventorySink inner, TimeProvider time) : IInventorySink, IProgressSink
    {
        private readonly object _gate = new();
        private long _lastProgress = time.GetTimestamp();
        private bool _closed;

        public TimeSpan QuietFor => time.GetElapsedTime(Volatile.Read(ref _lastProgress));

        public void Add(FoundCertificate certificate)
        {
            lock (_gate)
            {
                if (_closed) return;
                inner.Add(certificate);
            }
            Progress();
        }

        public void Add(SourceError error)
        {
            lock (_gate)
            {
                if (_closed) return;
                inner.Add(error);
            }
            Progress();
        }

        public void Progress() => Volatile.Write(ref _lastProgress, time.GetTimestamp());

        public void Close()
        {
            lock (_gate) _closed = true;
        }
    }
}
