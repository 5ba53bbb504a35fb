namespace Doomsday.Bench.Watch;

/// <summary>
/// Fetches a <c>/metrics</c> URL every interval on a background thread, as Prometheus scrapes an exporter, so
/// the cost of rendering the exposition is part of what the daemon's CPU figure measures.
/// </summary>
internal sealed class Scraper : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _count;
    private int _failures;
    private long _lastBytes;

    public Scraper(string url, TimeSpan interval)
    {
        _loop = Task.Run(async () =>
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            using var timer = new PeriodicTimer(interval);
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                try
                {
                    var body = await http.GetByteArrayAsync(url, _stop.Token).ConfigureAwait(false);
                    Interlocked.Exchange(ref _lastBytes, body.Length);
                    Interlocked.Increment(ref _count);
                }
                catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !_stop.IsCancellationRequested))
                {
                    // not listening yet, or too slow to answer on a loaded machine: the next tick tries again
                    Interlocked.Increment(ref _failures);
                }
            }
        });
    }

    public int Count => Volatile.Read(ref _count);
    public int Failures => Volatile.Read(ref _failures);
    public long LastBytes => Interlocked.Read(ref _lastBytes);

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(15));
        }
        catch (AggregateException e) when (e.InnerException is OperationCanceledException or TaskCanceledException)
        {
        }
        _stop.Dispose();
    }
}
