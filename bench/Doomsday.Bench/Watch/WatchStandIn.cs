using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Threading.Channels;
using Doomsday.Core.Alerting;
using Doomsday.Core.Configuration;
using Doomsday.Core.Notifiers;
using Doomsday.Core.Notifiers.Webhook;
using Doomsday.Core.Probes;

namespace Doomsday.Bench.Watch;

/// <summary>
/// Stand-in for <c>doomsday watch</c> while the daemon is not merged: loads the same config with
/// <see cref="WatchConfigLoader"/>, runs its probes on a <see cref="ProbeScheduler"/>, turns Down probes into
/// <see cref="AlertCondition"/>s for an <see cref="AlertEngine"/> round right after each state change (and every
/// interval), and POSTs each notification as an Alertmanager v4 payload to the webhook notifiers. No store, no
/// outbox, no HTTP API: what it costs is a lower bound for the daemon.
/// </summary>
internal sealed class WatchStandIn : IProbeObserver
{
    private readonly ConcurrentDictionary<string, AlertCondition> _down = new(StringComparer.Ordinal);
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public static int Run(string[] args)
    {
        if (args.Length != 3 || args[1] != "--config")
        {
            Console.Error.WriteLine("usage: Doomsday.Bench watch-standin --config FILE");
            return 2;
        }
        var loaded = WatchConfigLoader.Load(Path.GetFullPath(args[2]), Environment.GetEnvironmentVariable);
        if (loaded.Config is not { } config)
        {
            foreach (var e in loaded.Errors) Console.Error.WriteLine(e);
            return 2;
        }
        new WatchStandIn().RunAsync(config).GetAwaiter().GetResult();
        return 0;
    }

    private async Task RunAsync(WatchConfig config)
    {
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });

        var time = TimeProvider.System;
        var context = new ProbeContext(time);
        var engine = new AlertEngine(new AlertingOptions
        {
            Routes = config.Routes,
            DefaultNotifiers = config.Notifiers.Select(n => n.Name).ToList(),
            Escalation = config.Escalation,
        }, time);
        var hooks = config.Notifiers.OfType<WebhookNotifierOptions>().ToDictionary(n => n.Name, n => n.Url, StringComparer.Ordinal);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var sources = config.Probes.Select(p => Source(p.Name)).ToHashSet(StringComparer.Ordinal);

        await using (var scheduler = new ProbeScheduler(context, this))
        {
            scheduler.Update(config.Probes);
            Console.WriteLine($"stand-in: {config.Probes.Count} probes, {hooks.Count} webhook notifiers");
            using var tick = new PeriodicTimer(TimeSpan.FromSeconds(10), time);
            _ = Task.Run(async () =>
            {
                try
                {
                    while (await tick.WaitForNextTickAsync(stop.Token).ConfigureAwait(false)) _wake.Writer.TryWrite(true);
                }
                catch (OperationCanceledException)
                {
                }
            });
            try
            {
                await foreach (var wake in _wake.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
                {
                    _ = wake;
                    var decisions = engine.Evaluate(new AlertRound(_down.Values.ToList(), sources));
                    foreach (var intent in decisions.Notifications)
                    {
                        foreach (var name in intent.Notifiers)
                        {
                            if (hooks.TryGetValue(name, out var url)) _ = SendAsync(http, url, intent.Notification, stop.Token);
                        }
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
        context.Http.Dispose();
    }

    private static async Task SendAsync(HttpClient http, string url, Notification n, CancellationToken cancel)
    {
        var payload = new
        {
            version = "4",
            status = n.Status,
            receiver = "bench",
            groupKey = n.Fingerprint,
            alerts = new[]
            {
                new { status = n.Status, labels = n.Labels, annotations = n.Annotations, startsAt = n.StartsAt, fingerprint = n.Fingerprint },
            },
        };
        try
        {
            using var response = await http.PostAsJsonAsync(url, payload, cancel).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            Console.Error.WriteLine($"stand-in: webhook failed: {e.GetType().Name}");
        }
    }

    private static string Source(string probe) => "probe:" + probe;

    public void OnResult(ProbeOptions probe, ProbeResult result, DateTimeOffset at)
    {
    }

    public void OnStateChanged(ProbeStateChange change)
    {
        var name = change.Probe.Name;
        if (change.To == ProbeState.Down)
        {
            var labels = new Dictionary<string, string>(change.Probe.Labels, StringComparer.Ordinal) { ["probe"] = name, ["kind"] = change.Probe.Kind };
            _down[name] = new AlertCondition
            {
                Name = "ProbeDown", Source = Source(name), Labels = labels, Severity = change.Probe.Severity,
                Summary = $"probe {name} is down: {change.Result.ReasonCode}", Detail = change.Result.Detail,
            };
        }
        else
        {
            _down.TryRemove(name, out _);
        }
        _wake.Writer.TryWrite(true);
    }
}
