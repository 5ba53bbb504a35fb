using Doomsday.Core.Inventory;

namespace Doomsday.Core.Sources.Files;

/// <summary>
/// Scans files, directories and globs. Files are parsed on all cores in batches and reported in
/// walk order, so output is deterministic and memory stays bounded by one batch.
/// </summary>
public sealed class FileSource(PathSelection selection, ScanOptions options) : ICertificateSource
{
    private const int BatchSize = 512;

    public Task CollectAsync(IInventorySink sink, CancellationToken cancellationToken)
    {
        var batch = new List<WalkItem>(BatchSize);
        foreach (var item in new FileWalker(selection).Walk())
        {
            batch.Add(item);
            if (batch.Count == BatchSize)
            {
                Flush(batch, sink, cancellationToken);
                batch.Clear();
            }
        }
        Flush(batch, sink, cancellationToken);
        return Task.CompletedTask;
    }

    private void Flush(List<WalkItem> batch, IInventorySink sink, CancellationToken ct)
    {
        if (batch.Count == 0) return;
        var results = new CollectingSink?[batch.Count];
        Parallel.For(0, batch.Count, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = ct }, i =>
        {
            var item = batch[i];
            if (item.Error is not null) return;
            var local = new CollectingSink();
            FileInterpreter.Interpret(item.Path, item.IsExplicit, options, local);
            results[i] = local;
        });
        for (var i = 0; i < batch.Count; i++)
        {
            if (batch[i].Error is { } error)
            {
                sink.Add(error);
                continue;
            }
            var r = results[i]!;
            // Keep a file's certificates and its errors together, in the order the file held them.
            foreach (var c in r.Certificates) sink.Add(c);
            foreach (var e in r.Errors) sink.Add(e);
        }
    }
}
