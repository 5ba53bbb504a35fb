using System.Runtime.ExceptionServices;
using Doomsday.Core.Inventory;

namespace Doomsday.Core.Sources.Files;

/// <summary>
/// Scans files, directories and globs. Walking, parsing and reporting overlap on all cores:
/// each worker takes the next small batch from the walk, parses it, and whichever worker holds
/// the oldest finished batch hands it to the sink. Results reach the sink in walk order, one
/// call at a time, so output is deterministic; at most a few batches per worker are in flight,
/// so memory stays bounded. No thread waits for another unless the window of batches is full.
/// </summary>
public sealed class FileSource(PathSelection selection, ScanOptions options) : ICertificateSource
{
    private const int BatchSize = 64;

    public SourceRef Origin { get; } = new FileSourceRef(string.Join(' ', selection.Paths));
    private const int BatchesInFlightPerWorker = 4;

    public Task CollectAsync(IInventorySink sink, CancellationToken cancellationToken)
    {
        var workers = Math.Max(1, options.Parallelism);
        var run = new Run(new FileWalker(selection).Walk().GetEnumerator(), sink, options, workers * BatchesInFlightPerWorker, cancellationToken);
        var helpers = new Task[workers - 1];
        for (var i = 0; i < helpers.Length; i++) helpers[i] = Task.Factory.StartNew(run.Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        run.Work();
        Task.WaitAll(helpers);
        run.Finish();
        return Task.CompletedTask;
    }

    /// <summary>The shared state of one scan: the walk, the window of batches, the next batch to emit.</summary>
    private sealed class Run(IEnumerator<WalkItem> walk, IInventorySink sink, ScanOptions options, int window, CancellationToken ct)
    {
        private readonly object _gate = new(); // walk, sequence numbers, the window
        private readonly object _emit = new(); // the sink: one batch at a time, in order
        private readonly Batch?[] _done = new Batch?[window];
        private long _nextToTake;
        private long _nextToEmit;
        private bool _walkEnded;
        private ExceptionDispatchInfo? _failure;

        public void Work()
        {
            // Each worker reads through its own io_uring (one submission per directory run of a
            // batch instead of three system calls per file); null where io_uring is unavailable.
            using var reader = RingFileReader.TryCreate();
            while (TryTake(out var batch))
            {
                batch.Parse(options, reader);
                lock (_gate) _done[batch.Sequence % window] = batch;
                EmitReady();
            }
        }

        public void Finish()
        {
            walk.Dispose();
            _failure?.Throw();
            ct.ThrowIfCancellationRequested();
        }

        private bool TryTake(out Batch batch)
        {
            batch = null!;
            lock (_gate)
            {
                while (_nextToTake - Volatile.Read(ref _nextToEmit) >= window && _failure is null) Monitor.Wait(_gate);
                if (_walkEnded || _failure is not null) return false;
                if (ct.IsCancellationRequested)
                {
                    Fail(new OperationCanceledException(ct));
                    return false;
                }
                // An array, not a List<WalkItem>: a list of a struct is code the JIT must compile at start-up
                // (the published build precompiles what it can; docs/benchmarks.md).
                var items = new WalkItem[BatchSize];
                var count = 0;
                try
                {
                    while (count < BatchSize && walk.MoveNext()) items[count++] = walk.Current;
                }
                catch (Exception e)
                {
                    Fail(e);
                    return false;
                }
                if (count < BatchSize) _walkEnded = true;
                if (count == 0) return false;
                batch = new Batch(_nextToTake++, items, count);
                return true;
            }
        }

        /// <summary>
        /// Emits finished batches in order. Only one thread emits at a time; a thread that finds
        /// the emitter busy leaves, and the emitter looks again after letting go, so no finished
        /// batch is left behind.
        /// </summary>
        private void EmitReady()
        {
            while (Monitor.TryEnter(_emit))
            {
                try
                {
                    while (TakeNextDone() is { } batch)
                    {
                        try
                        {
                            batch.Emit(sink);
                        }
                        catch (Exception e)
                        {
                            lock (_gate) Fail(e);
                            return;
                        }
                        (sink as IProgressSink)?.Progress();
                        lock (_gate)
                        {
                            Volatile.Write(ref _nextToEmit, _nextToEmit + 1);
                            Monitor.PulseAll(_gate);
                        }
                    }
                }
                finally
                {
                    Monitor.Exit(_emit);
                }
                lock (_gate)
                {
                    if (_failure is not null || _done[_nextToEmit % window] is null) return;
                }
            }
        }

        private Batch? TakeNextDone()
        {
            lock (_gate)
            {
                var slot = _nextToEmit % window;
                var batch = _done[slot];
                if (batch is null || _failure is not null) return null;
                _done[slot] = null;
                return batch;
            }
        }

        // Called with _gate held.
        private void Fail(Exception e)
        {
            _failure ??= ExceptionDispatchInfo.Capture(e);
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Consecutive walk items, parsed together by one worker.</summary>
    private sealed class Batch(long sequence, WalkItem[] items, int count)
    {
        public long Sequence { get; } = sequence;
        private BatchSink? _results;
        private ExceptionDispatchInfo? _failure;

        public void Parse(ScanOptions options, RingFileReader? reader)
        {
            try
            {
                var results = new BatchSink(count);
                // A batch is mostly files of one directory: open it once, and each file by its name in it.
                for (var start = 0; start < count;)
                {
                    var end = RunEnd(start, out var directoryPath);
                    using var directory = directoryPath is null ? null : DirectoryHandle.TryOpen(directoryPath);
                    try
                    {
                        if (reader is not null && directory is { ShortReadIsEnd: true }) Prefetch(reader, directory, start, end);
                        for (var i = start; i < end; i++)
                        {
                            var item = items[i];
                            if (item.Error is null)
                            {
                                // Over the size limit, the plain path reports it (too_large, with the size).
                                if (reader is not null && reader.TryGet(i - start, out var content) && content.Length <= options.MaxFileSize)
                                {
                                    FileInterpreter.Interpret(item.Path, item.IsExplicit, content, options, results);
                                }
                                else
                                {
                                    FileInterpreter.Interpret(item, directory, options, results);
                                }
                            }
                            results.EndFile(i);
                        }
                    }
                    finally
                    {
                        reader?.Reset();
                    }
                    start = end;
                }
                _results = results;
            }
            catch (Exception e)
            {
                _failure = ExceptionDispatchInfo.Capture(e);
            }
        }

        /// <summary>
        /// Where the run of items from <paramref name="start"/> that share one directory ends (errors
        /// go with any run), and that directory; null when the run holds only errors.
        /// </summary>
        private int RunEnd(int start, out string? directory)
        {
            directory = null;
            var end = start;
            for (; end < count && end - start < RingFileReader.MaxFiles; end++)
            {
                if (items[end].Error is not null) continue;
                var path = items[end].Path;
                if (directory is null)
                {
                    var slash = path.LastIndexOf('/');
                    directory = slash > 0 ? path[..slash] : "/";
                }
                else if (DirectoryHandle.NameStart(directory, path) < 0)
                {
                    break;
                }
            }
            return end;
        }

        // Files that are not links themselves are read through the ring (a link may lead to another file system).
        private void Prefetch(RingFileReader reader, DirectoryHandle directory, int start, int end)
        {
            var any = false;
            for (var i = start; i < end; i++)
            {
                var item = items[i];
                if (item.Error is not null || item.IsLink) continue;
                var nameStart = directory.NameStart(item.Path);
                if (nameStart >= 0) any |= reader.Add(i - start, directory.Fd, item.Path.AsSpan(nameStart));
            }
            if (any) reader.Run();
        }

        public void Emit(IInventorySink sink)
        {
            _failure?.Throw();
            for (var i = 0; i < count; i++)
            {
                if (items[i].Error is { } error)
                {
                    sink.Add(error);
                    continue;
                }
                // Keep a file's certificates and its errors together, in the order the file held them.
                _results!.EmitFile(i, sink);
            }
        }
    }
}
