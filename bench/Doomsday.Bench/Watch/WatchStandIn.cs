using System.Collections.Concurrent;
using System.Threading.Channels;
using Doomsday.Core.Configuration;
using Doomsday.Watch.Alerting;
using Doomsday.Watch.Configuration;
using Doomsday.Watch.Notifiers;
using Doomsday.Watch.Notifiers.Delivery;
using Doomsday.Watch.Probes;
using Doomsday.Watch.Store;

namespace Doomsday.Bench.Watch;

/// <summary>
/// Stand-in for <c>doomsday watch</c> while the daemon is not merged: loads the same config with
/// <see cref="WatchConfigLoader"/>, runs its probes on a <see cref="ProbeScheduler"/>, turns Down probes into
/// <see cref="AlertCondition"/>s for an <see cref="AlertEngine"/> round right after each state change (and every
/// interval), and queues each notification in the real SQLite store's <see cref="Outbox"/>, which delivers it with
/// the configured notifiers (<see cref="NotifierKinds"/>). No probe-result store, inventory, HTTP API or
/// metrics: what it costs is a lower bound for the daemon.
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

    private async Task RunAsync(Doomsday.Watch.Configuration.WatchOptions config) // the configuration file's, not this benchmark's WatchOptions
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
        var notifierContext = new NotifierContext(time);
        var notifiers = config.Notifiers.Select(n => NotifierKinds.Create(n, notifierContext)).ToList();
        using var store = DoomsdayStore.Open(Path.Combine(Path.GetDirectoryName(config.SourcePath)!, config.Store.Path), time);
        var outbox = new Outbox(store, notifiers, new DeliverySettings());
        var delivery = Task.Run(() => outbox.RunAsync(stop.Token));
        var sources = config.Probes.Select(p => Source(p.Name)).ToHashSet(StringComparer.Ordinal);

        await using (var scheduler = new ProbeScheduler(context, this))
        {
            scheduler.Update(config.Probes);
            Console.WriteLine($"stand-in: {config.Probes.Count} probes, {notifiers.Count} notifiers, store {store.Path}");
            using var tick = new PeriodicTimer(TimeSpan.FromSeconds(10), time);
            _ = Task.Run(async () =>
            {
                try
                {
                    var ticks = 0;
                    while (await tick.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
                    {
                        _wake.Writer.TryWrite(true);
                        if (++ticks % 3 == 0) PrintMemory();
                    }
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
                    foreach (var intent in decisions.Notifications) outbox.Enqueue(intent.Notification, intent.Notifiers);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
        await delivery.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        context.Http.Dispose();
    }

    /// <summary>Where the memory is (managed heap vs the rest), in the stand-in's log.</summary>
    private static void PrintMemory()
    {
        var info = GC.GetGCMemoryInfo();
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        Console.WriteLine($"memory: rss {self.WorkingSet64 / 1e6:F1} MB, gc heap {info.HeapSizeBytes / 1e6:F1} MB, gc committed {info.TotalCommittedBytes / 1e6:F1} MB, " +
                          $"collections {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, threads {self.Threads.Count}");
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
