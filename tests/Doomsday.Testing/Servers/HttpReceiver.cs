using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;

namespace Doomsday.Testing.Servers;

/// <summary>
/// A real HTTP server on 127.0.0.1 (HttpListener on a free port) standing in for Slack, a webhook or an
/// Alertmanager webhook receiver. Every request is recorded with the receiver's own timestamp (a
/// Stopwatch reading) before <see cref="Respond"/> decides the answer, which may block (a gate) to
/// simulate a receiver hanging mid-request. <see cref="WaitForAsync"/> awaits a condition on the
/// recorded requests with a deadline, without sleeping.
/// </summary>
internal sealed class HttpReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<Received> _received = new();
    private readonly List<(Func<IReadOnlyList<Received>, bool> Condition, TaskCompletionSource Done)> _waiters = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public sealed record Received(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body, long Timestamp);

    public sealed record Answer(int Status, IReadOnlyDictionary<string, string>? Headers = null, string Body = "ok");

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Decides the answer for a request (called after it is recorded); default 200.</summary>
    public Func<Received, Task<Answer>> Respond { get; set; } = _ => Task.FromResult(new Answer(200));

    public HttpReceiver()
    {
        // a port taken between Free() and Start() by another test: try a few
        for (var i = 0; ; i++)
        {
            var port = TcpPorts.Free();
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                _listener.Start();
                Port = port;
                break;
            }
            catch (HttpListenerException) when (i < 5)
            {
            }
        }
        _loop = Task.Run(LoopAsync);
    }

    public IReadOnlyList<Received> Requests => _received.ToArray();

    public Task WaitForAsync(Func<IReadOnlyList<Received>, bool> condition, TimeSpan deadline)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            if (condition(Requests)) return Task.CompletedTask;
            _waiters.Add((condition, done));
        }
        return done.Task.WaitAsync(deadline);
    }

    public static TimeSpan Elapsed(long from, long to) => TimeSpan.FromSeconds((to - from) / (double)Stopwatch.Frequency);

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync().ConfigureAwait(false);
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null)
                .ToDictionary(k => k!, k => context.Request.Headers[k] ?? "", StringComparer.OrdinalIgnoreCase);
            var received = new Received(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, headers, body, Stopwatch.GetTimestamp());
            _received.Enqueue(received);
            Notify();
            var answer = await Respond(received).ConfigureAwait(false);
            context.Response.StatusCode = answer.Status;
            foreach (var (k, v) in answer.Headers ?? new Dictionary<string, string>()) context.Response.Headers[k] = v;
            var bytes = Encoding.UTF8.GetBytes(answer.Body);
            await context.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException or IOException)
        {
            // the client went away (a cancelled send): nothing to answer
        }
    }

    private void Notify()
    {
        lock (_waiters)
        {
            var snapshot = Requests;
            foreach (var w in _waiters.Where(w => w.Condition(snapshot)).ToList())
            {
                w.Done.TrySetResult();
                _waiters.Remove(w);
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
        _stop.Dispose();
    }
}
