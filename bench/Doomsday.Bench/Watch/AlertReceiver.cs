using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Doomsday.Bench.Watch;

/// <summary>
/// The webhook both stacks notify (Alertmanager's v4 payload, which doomsday's webhook notifier also sends).
/// Timestamps each request when its headers have arrived, then records, per target port, the first
/// <c>firing</c> alert naming it: the target is found in any label value holding <c>127.0.0.1:PORT</c>
/// (Prometheus' <c>instance</c>, doomsday's probe labels).
/// </summary>
internal sealed partial class AlertReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<int, DateTimeOffset> _firstFiring = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _requests;

    public int Port { get; }
    public long Requests => Interlocked.Read(ref _requests);

    public AlertReceiver()
    {
        Port = TcpProbe.FreePorts(1)[0];
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Url(string path) => $"http://127.0.0.1:{Port}/{path}";

    /// <summary>Forget what was received (between the two stacks).</summary>
    public void Reset() => _firstFiring.Clear();

    public bool TryGetFirstFiring(int port, out DateTimeOffset at) => _firstFiring.TryGetValue(port, out at);

    public int CountReceived(IEnumerable<int> ports) => ports.Count(_firstFiring.ContainsKey);

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                continue;
            }
            var arrived = DateTimeOffset.UtcNow;
            Interlocked.Increment(ref _requests);
            _ = Task.Run(() => HandleAsync(context, arrived));
        }
    }

    private async Task HandleAsync(HttpListenerContext context, DateTimeOffset arrived)
    {
        try
        {
            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync().ConfigureAwait(false);
            Record(body, arrived);
            context.Response.StatusCode = 200;
        }
        catch (Exception e) when (e is JsonException or IOException or HttpListenerException)
        {
            context.Response.StatusCode = 400;
        }
        finally
        {
            try
            {
                context.Response.Close();
            }
            catch (HttpListenerException)
            {
            }
        }
    }

    private void Record(string body, DateTimeOffset arrived)
    {
        using var doc = JsonDocument.Parse(body);
        if (!doc.RootElement.TryGetProperty("alerts", out var alerts) || alerts.ValueKind != JsonValueKind.Array) return;
        foreach (var alert in alerts.EnumerateArray())
        {
            var status = alert.TryGetProperty("status", out var s) ? s.GetString() : null;
            if (status != "firing" || !alert.TryGetProperty("labels", out var labels) || labels.ValueKind != JsonValueKind.Object) continue;
            foreach (var label in labels.EnumerateObject())
            {
                if (label.Value.ValueKind != JsonValueKind.String) continue;
                var m = Target().Match(label.Value.GetString()!);
                if (m.Success)
                {
                    _firstFiring.TryAdd(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), arrived);
                    break;
                }
            }
        }
    }

    [GeneratedRegex(@"127\.0\.0\.1:(\d+)")]
    private static partial Regex Target();

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }
}
