using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

namespace Doomsday.Bench;

/// <summary>
/// A webhook receiver for both sides (doomsday's webhook payload and Alertmanager's, both version 4):
/// records, per target, when its first firing alert arrived (by the <c>instance</c> or <c>target</c> label).
/// </summary>
internal sealed class AlertReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _firstFiring = new(StringComparer.Ordinal);
    private readonly Task _loop;

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}/hook";

    public AlertReceiver(int port)
    {
        Port = port;
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public void Reset() => _firstFiring.Clear();

    public int Count => _firstFiring.Count;

    /// <summary>Stopwatch timestamps of the first firing notification per target.</summary>
    public IReadOnlyDictionary<string, long> FirstFiring => _firstFiring;

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            var at = Stopwatch.GetTimestamp();
            try
            {
                using var reader = new StreamReader(context.Request.InputStream);
                var body = JsonNode.Parse(await reader.ReadToEndAsync());
                foreach (var alert in body?["alerts"]?.AsArray() ?? [])
                {
                    if ((string?)alert?["status"] != "firing") continue;
                    var labels = alert?["labels"];
                    var key = (string?)labels?["instance"] ?? (string?)labels?["target"];
                    if (key is not null) _firstFiring.TryAdd(key, at);
                }
            }
            catch (System.Text.Json.JsonException)
            {
            }
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try { _loop.Wait(5000); } catch (AggregateException) { }
    }
}
