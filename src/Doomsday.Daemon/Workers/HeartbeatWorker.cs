using Doomsday.Daemon.Logging;
using Doomsday.Daemon.Telemetry;

namespace Doomsday.Daemon.Workers;

/// <summary>
/// Calls the heartbeat URL each round. Its failures are a metric and a log line only, never an alert:
/// the heartbeat exists for when the daemon cannot alert, so it must not feed the alert engine.
/// </summary>
internal sealed class HeartbeatWorker(Func<HeartbeatSettings?> settings, HttpClient http, DaemonMetrics metrics, EventLog log)
{
    public const string Name = "heartbeat";

    private bool? _lastOk;

    public async Task RoundAsync(CancellationToken cancellationToken)
    {
        if (settings() is not { } s) return;
        var ok = false;
        string detail;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s.Timeout);
        try
        {
            using var request = new HttpRequestMessage(new HttpMethod(s.Method.ToUpperInvariant()), s.Url);
            Core.Secrets.UrlSecrets.SendAsBasicAuth(request);
            if (request.Method == HttpMethod.Post) request.Content = new StringContent("");
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            ok = response.IsSuccessStatusCode;
            detail = $"HTTP {(int)response.StatusCode}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            detail = $"no answer within {s.Timeout.TotalSeconds:0.###}s";
        }
        catch (HttpRequestException e)
        {
            detail = e.HttpRequestError.ToString();
        }
        metrics.Heartbeat(ok);
        // One line on each change, not one per round: a dead receiver must not flood the log.
        if (_lastOk != ok)
        {
            if (ok) log.Write(LogEvents.HeartbeatAnswered, Name, "heartbeat answered " + detail);
            else log.Write(LogEvents.HeartbeatFailed, Name, "heartbeat failed: " + detail);
        }
        _lastOk = ok;
    }
}
