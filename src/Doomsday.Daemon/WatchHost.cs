using System.Text.Json;
using Doomsday.Core.Reporting;
using Doomsday.Daemon.AlertRounds;
using Doomsday.Daemon.Configuration;
using Doomsday.Daemon.Files;
using Doomsday.Daemon.Http;
using Doomsday.Daemon.Http.V1;
using Doomsday.Daemon.Logging;
using Doomsday.Daemon.Reload;
using Doomsday.Daemon.Telemetry;
using Doomsday.Daemon.Web;
using Doomsday.Daemon.Workers;
using Doomsday.Watch.Alerting;
using Doomsday.Watch.Notifiers;
using Doomsday.Watch.Notifiers.Delivery;
using Doomsday.Watch.Probes;
using Doomsday.Watch.Store;
using Microsoft.AspNetCore.Routing;

namespace Doomsday.Daemon;

/// <summary>
/// <c>doomsday watch</c>: loads the config, opens the store, starts the workers (inventory, probes,
/// alert rounds, outbox delivery, probe-result writer, retention, heartbeat) and the HTTP API, reloads
/// on SIGHUP or file change (keeping the old config when the new one is invalid), and stops everything
/// on dispose. Everything a notification needs is in the store before it is sent, so stopping (or
/// being killed) at any moment loses nothing.
/// </summary>
public sealed class WatchHost : IAsyncDisposable
{
    private const string Component = "watch";

    private readonly WatchHostOptions _options;
    private readonly EventLog _log;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _running = [];
    private readonly List<WorkerLoop> _loops = [];
    private readonly HttpClient _http = new();
    private readonly CertificateMetrics _certificateMetrics = new();
    private readonly ProcessMetrics _processMetrics = new();
    private DaemonSettings _settings = new();
    private DateTimeOffset _startedAt;
    private DaemonHttpServer? _server;
    private ConfigChangeSignal? _signal;
    private InventoryWorker? _inventory;
    private DoomsdayStore? _store;
    private ProbeContext? _probeContext;
    private ProbeScheduler? _scheduler;
    private Outbox? _outbox;
    private AlertEngine? _engine;
    private WorkerLoop? _alertLoop;
    private AlertmanagerSilenceCache? _silences;

    public WatchHost(WatchHostOptions options)
    {
        _options = options;
        _log = options.Log;
        _time = options.Time;
        Metrics = new DaemonMetrics();
        Health = new WorkerHealth(_time);
        Metrics.Workers = Health.Running;
    }

    public DaemonMetrics Metrics { get; }
    public WorkerHealth Health { get; }

    /// <summary>The settings in force (swapped whole on a valid reload).</summary>
    public DaemonSettings Settings => Volatile.Read(ref _settings);

    /// <summary>Where the API answers (the bound port when <c>server.listen</c> asked for port 0).</summary>
    public Uri BaseUrl => _server?.BaseUrl ?? throw new InvalidOperationException("not started");

    internal InventoryWorker Inventory => _inventory ?? throw new InvalidOperationException("not started");
    internal DoomsdayStore Store => _store ?? throw new InvalidOperationException("not started");
    internal AlertEngine Engine => _engine ?? throw new InvalidOperationException("not started");

    public async Task<WatchStartResult> StartAsync(CancellationToken cancellationToken)
    {
        _startedAt = _time.GetUtcNow();
        _log.Write(LogEvents.Starting, Component, $"starting with {_options.ConfigPath}");
        var load = _options.Loader.Load(_options.ConfigPath);
        if (load.Settings is null) return new WatchStartResult(load.Errors);
        var settings = load.Settings;
        if (settings.Server.Validate(out var listen) is { } serverError) return new WatchStartResult([serverError]);
        Volatile.Write(ref _settings, settings);
        Metrics.ConfigLoaded(_time.GetUtcNow());

        try
        {
            // A store another process holds locked (or a hung file system) can block the open for long; a stop
            // requested meanwhile (SIGTERM during start-up) must not wait for it: the open is left to finish alone.
            _store = await Task.Run(() => DoomsdayStore.Open(settings.StorePath, _time), CancellationToken.None).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (StoreException e)
        {
            return new WatchStartResult([$"store.path: {e.Message}"]);
        }

        var notifierContext = new NotifierContext(_time) { ExternalUrl = settings.ExternalUrl };
        _outbox = new Outbox(_store, BuildNotifiers(settings, notifierContext), settings.Delivery);
        _outbox.Attempted = (notifier, result) => Metrics.Notification(notifier, ResultLabel(result.Status));
        Metrics.OutboxPending = () => _store.Outbox.PendingCount();

        _silences = new AlertmanagerSilenceCache(_log, _time);
        _silences.Configure(settings.Notifiers, notifierContext);
        _engine = new AlertEngine(AlertingOptionsOf(settings, _silences), _time,
            _store.AlertStates.All().Values.Select(AlertStateJson.Deserialize),
            AlertEndpoints.Load(_store, _time.GetUtcNow()));
        var observer = new ProbeObserver(_log, () => _alertLoop?.Wake());
        var writer = new DecisionWriter(_store, _outbox, observer.FailureStreakStart, _log);
        _probeContext = new ProbeContext(_time) { Handshaker = _options.Handshaker };
        _scheduler = new ProbeScheduler(_probeContext, observer);
        Health.AddCheck(now => ProbeHealth.Problems(_scheduler.Snapshot(), now));

        _inventory = new InventoryWorker(() => Settings.Certificates, _options.Handshaker, Metrics, _log, _time);
        _inventory.Subscribers.Add((snapshot, _) =>
        {
            _certificateMetrics.Update(snapshot, Settings.Metrics, Settings.Labels);
            return Task.CompletedTask;
        });
        _inventory.Subscribers.Add((snapshot, _) =>
        {
            _store.Snapshots.Add(snapshot.ScannedAt, JsonSerializer.Serialize(V1Mapper.Inventory(snapshot), V1Json.Default.V1Inventory));
            _alertLoop?.Wake();
            return Task.CompletedTask;
        });
        var alerts = new AlertWorker(_engine, writer, _scheduler.Snapshot, () => _inventory.Latest, _time)
        {
            Degraded = new DegradedConditions(Health.Issues, () => Settings.DegradedAfter, _time),
            Health = Health,
            Log = _log,
        };
        var alarm = new DirectAlarm(Health, () => _outbox.Notifiers, () => Settings.DegradedAfter, _log, _time);
        var storeWatch = new StoreWatch(_store, _engine, _log, _time);
        Health.AddCheck(storeWatch.Problems);
        var heartbeat = new HeartbeatWorker(() => Settings.Heartbeat, _http, Metrics, _log);
        var results = new ProbeResultWriter(observer, _store);
        var retention = new RetentionWorker(_store, () => Settings.Retention, _log);

        var web = new WebSources
        {
            Inventory = () => _inventory.Latest, Probes = _scheduler.Snapshot, Recent = observer.Recent, Engine = _engine,
            Writer = writer, Store = _store, Time = _time, Token = () => Settings.Server.Token,
        };
        _server = DaemonHttpServer.Create(listen!, settings.Server, () => Settings.Server.Token, _log, EndpointGroups(writer, web), new WebEndpoints(web));
        try
        {
            await _server.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
            _server = null;
            return new WatchStartResult([$"server.listen: cannot listen on {settings.Server.Listen}: {e.Message}"]);
        }

        _alertLoop = new WorkerLoop(AlertWorker.Name, () => Settings.EvaluationInterval, alerts.RoundAsync, Health, _log, _time);
        _loops.Add(new WorkerLoop(InventoryWorker.Name, () => Settings.Certificates.Interval, _inventory.RoundAsync, Health, _log, _time));
        _loops.Add(_alertLoop);
        _loops.Add(new WorkerLoop(AlertmanagerSilenceCache.WorkerName, () => _silences.Interval, _silences.RefreshAsync, Health, _log, _time));
        _loops.Add(new WorkerLoop(ProbeResultWriter.Name, () => TimeSpan.FromSeconds(1), results.RoundAsync, Health, _log, _time));
        _loops.Add(new WorkerLoop(RetentionWorker.Name, () => TimeSpan.FromHours(1), retention.RoundAsync, Health, _log, _time));
        _loops.Add(new WorkerLoop(StoreWatch.Component, () => TimeSpan.FromSeconds(1), storeWatch.RoundAsync, Health, _log, _time));
        _loops.Add(new WorkerLoop(DirectAlarm.Name, () => Settings.EvaluationInterval, alarm.RoundAsync, Health, _log, _time));
        _loops.Add(new WorkerLoop(HeartbeatWorker.Name, () => Settings.Heartbeat?.Interval ?? TimeSpan.FromMinutes(1), heartbeat.RoundAsync, Health, _log, _time));
        foreach (var loop in _loops) _running.Add(Task.Run(() => loop.RunAsync(_stopping.Token)));
        _running.Add(Task.Run(() => RunOutboxAsync(_stopping.Token)));
        _scheduler.Update(settings.Probes);

        _signal = new ConfigChangeSignal(_options.ConfigPath, _options.WatchConfigFile, _options.HandleSighup, _options.ReloadDebounce, _time);
        if (_signal.WatchError is { } watchError)
            _log.Write(LogEvents.ConfigNotWatched, Component, $"config file changes are not watched ({watchError}); SIGHUP still reloads");
        _running.Add(Task.Run(() => ReloadLoopAsync(_stopping.Token)));
        _log.Write(LogEvents.Listening, Component, $"listening on {_server.BaseUrl}; {Plurals.Count(settings.Probes.Count, "probe")}, {Plurals.Count(settings.Notifiers.Count, "notifier")}, store {settings.StorePath}");
        return WatchStartResult.Ok;
    }

    /// <summary>Asks for a reload as SIGHUP does.</summary>
    public void RequestReload(string why) => _signal?.Trigger(why);

    /// <summary>
    /// The outbox's own loop. Should it fail (a bug, the store gone), delivery must not stop for good:
    /// one log line, <c>/healthz</c> reports it while it is down, and it starts again after a pause
    /// (pending rows are in the store, so nothing is lost).
    /// </summary>
    private async Task RunOutboxAsync(CancellationToken cancellationToken)
    {
        const string name = DirectAlarm.OutboxComponent;
        while (true)
        {
            Health.Started(name, TimeSpan.FromDays(365));
            try
            {
                await _outbox!.RunAsync(cancellationToken).ConfigureAwait(false);
                Health.Stopped(name, "shut down");
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                Health.Stopped(name, "shut down");
                return;
            }
            catch (Exception e)
            {
                Health.Stopped(name, EventLog.Describe(e));
                _log.Write(LogEvents.WorkerRestarting, name, $"stopped: {EventLog.Describe(e)}; restarting in {OutboxRestartDelay.TotalSeconds:0}s");
            }
            try
            {
                await Task.Delay(OutboxRestartDelay, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Health.Stopped(name, "shut down");
                return;
            }
        }
    }

    private static readonly TimeSpan OutboxRestartDelay = TimeSpan.FromSeconds(5);

    private static IEnumerable<INotifier> BuildNotifiers(DaemonSettings settings, NotifierContext context) =>
        settings.Notifiers.Select(n => NotifierKinds.Create(n, context)).ToList();

    private static AlertingOptions AlertingOptionsOf(DaemonSettings s, IExternalSilences silences) => new()
    {
        ExternalSilences = silences,
        Routes = s.Routes,
        DefaultNotifiers = s.Notifiers.Select(n => n.Name).ToList(),
        Escalation = s.Escalation,
        MaintenanceWindows = s.MaintenanceWindows,
        ExternalLabels = s.Labels,
        ResendEvery = s.Notifiers.Where(n => n.ResendInterval is not null).ToDictionary(n => n.Name, n => n.ResendInterval!.Value, StringComparer.Ordinal),
    };

    private static string ResultLabel(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Delivered => DaemonMetricNames.Results.Delivered,
        DeliveryStatus.Retry => DaemonMetricNames.Results.Retry,
        _ => DaemonMetricNames.Results.Failed,
    };

    private IEnumerable<Action<IEndpointRouteBuilder>> EndpointGroups(DecisionWriter writer, WebSources web)
    {
        yield return app => PostmortemEndpoint.Map(app, web);
        yield return app => HealthEndpoints.Map(app, Health);
        yield return app => MetricsEndpoint.Map(app, MetricSections);
        yield return app => InventoryEndpoints.Map(app, () => _inventory?.Latest);
        yield return app => ProbeEndpoints.Map(app, _scheduler!.Snapshot);
        yield return app => AlertEndpoints.Map(app, _engine!, writer, _store!, _time);
        yield return app => IncidentEndpoints.Map(app, _store!, _time);
        yield return app => IncidentEventEndpoint.Map(app, _store!, _time);
        yield return app => StatusEndpoints.Map(app, new StatusSources(_startedAt, _time, Health, _scheduler!.Snapshot, () => _inventory?.Latest, _engine!, _store!));
    }

    private IReadOnlyList<Action<Stream>> MetricSections()
    {
        var sections = new List<Action<Stream>>();
        var labels = ExtraLabels.From(Settings.Labels);
        if (_certificateMetrics.Rendered is { } certificates) sections.Add(stream => stream.Write(certificates));
        if (_scheduler is { } scheduler) sections.Add(MetricsEndpoint.Text(sb => ProbeMetricsWriter.Write(sb, scheduler.Snapshot(), labels)));
        if (_engine is { } engine) sections.Add(MetricsEndpoint.Text(sb => AlertMetricsText.Write(sb, engine.Metrics(), labels)));
        if (_silences is { } silences) sections.Add(MetricsEndpoint.Text(sb => silences.WriteMetrics(sb, labels)));
        sections.Add(MetricsEndpoint.Text(sb => Metrics.WriteTo(sb, labels)));
        sections.Add(MetricsEndpoint.Text(sb => _processMetrics.WriteTo(sb, labels)));
        return sections;
    }

    private async Task ReloadLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            string why;
            try
            {
                why = await _signal!.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                Reload(why);
            }
            catch (Exception e)
            {
                _log.Write(LogEvents.ReloadFailed, Component, "reload failed, keeping the running config: " + EventLog.Describe(e));
                Metrics.ConfigReload(false);
            }
        }
    }

    private void Reload(string why)
    {
        var before = FileStamp.Of(_options.ConfigPath);
        var load = _options.Loader.Load(_options.ConfigPath);
        // read only when it matters: the explicit "monitor nothing" marker (the stamps below cover this read too)
        var text = load.Settings is { MonitorsNothing: true } ? ReadText(_options.ConfigPath) : "";
        if (FileStamp.Of(_options.ConfigPath) != before)
        {
            // written while being read: what was read may be half of it; read again once it settles
            _log.Write(LogEvents.ReloadRetry, Component, $"reload ({why}): the config file changed while it was read; reading it again once it is left alone");
            _signal?.RetryWhenSettled();
            return;
        }
        if (load.Settings is null)
        {
            _log.Write(LogEvents.ReloadInvalid, Component, $"reload ({why}): config invalid, keeping the running config");
            foreach (var error in load.Errors) _log.Write(LogEvents.ReloadInvalid, Component, error);
            Metrics.ConfigReload(false); // after the log: a failure counted is a failure already explained
            return;
        }
        var next = load.Settings;
        var current = Settings;
        if (ReloadGuard.Refuse(current, next, text) is { } refused)
        {
            _log.Write(LogEvents.ReloadRefused, Component, $"reload ({why}): {refused}; keeping the running config");
            Metrics.ConfigReload(false);
            return;
        }
        if (next.Server != current.Server)
        {
            // Rebinding under a running API would drop clients mid-request; the listener is fixed at start.
            _log.Write(LogEvents.ReloadNeedsRestart, Component, "server settings changed: they apply at the next start");
            next = next with { Server = current.Server };
        }
        if (next.Delivery != current.Delivery)
        {
            _log.Write(LogEvents.ReloadNeedsRestart, Component, "delivery settings changed: they apply at the next start");
            next = next with { Delivery = current.Delivery };
        }
        if (next.StorePath != current.StorePath)
        {
            _log.Write(LogEvents.ReloadNeedsRestart, Component, "store.path changed: it applies at the next start");
            next = next with { StorePath = current.StorePath };
        }
        var context = new NotifierContext(_time) { ExternalUrl = next.ExternalUrl };
        var notifiers = BuildNotifiers(next, context).ToList();
        Volatile.Write(ref _settings, next);
        _outbox?.SetNotifiers(notifiers);
        _silences?.Configure(next.Notifiers, context);
        if (_silences is not null) _engine?.Reconfigure(AlertingOptionsOf(next, _silences));
        _scheduler?.Update(next.Probes);
        foreach (var loop in _loops) loop.Wake();
        _log.Write(LogEvents.ReloadApplied, Component, $"reload ({why}): applied; {Plurals.Count(next.Probes.Count, "probe")}, {Plurals.Count(next.Notifiers.Count, "notifier")}");
        Metrics.ConfigReload(true);
        Metrics.ConfigLoaded(_time.GetUtcNow());
    }

    private static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ""; // the loader reports why it cannot be read
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopping.IsCancellationRequested) await _stopping.CancelAsync().ConfigureAwait(false);
        _signal?.Dispose();
        if (_scheduler is not null) await _scheduler.DisposeAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_running).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        if (_server is not null) await _server.DisposeAsync().ConfigureAwait(false);
        _probeContext?.Http.Dispose();
        _store?.Dispose();
        _http.Dispose();
        _stopping.Dispose();
    }
}
