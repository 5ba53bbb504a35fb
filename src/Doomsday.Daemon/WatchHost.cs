using Doomsday.Core.Reporting;
using Doomsday.Daemon.Configuration;
using Doomsday.Daemon.Http;
using Doomsday.Daemon.Logging;
using Doomsday.Daemon.Reload;
using Doomsday.Daemon.Telemetry;
using Doomsday.Daemon.Workers;
using Microsoft.AspNetCore.Routing;

namespace Doomsday.Daemon;

/// <summary>
/// <c>doomsday watch</c>: loads the config, starts the workers and the HTTP API, reloads on SIGHUP or
/// file change (keeping the old config when the new one is invalid), and stops everything on dispose.
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
    private DaemonSettings _settings = new();
    private DaemonHttpServer? _server;
    private ConfigChangeSignal? _signal;
    private InventoryWorker? _inventory;

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

    public async Task<WatchStartResult> StartAsync(CancellationToken cancellationToken)
    {
        var load = _options.Loader.Load(_options.ConfigPath);
        if (load.Settings is null) return new WatchStartResult(load.Errors);
        var settings = load.Settings;
        if (settings.Server.Validate(out var listen) is { } serverError) return new WatchStartResult([serverError]);
        Volatile.Write(ref _settings, settings);

        _inventory = new InventoryWorker(() => Settings.Certificates, _options.Handshaker, Metrics, _log, _time);
        var heartbeat = new HeartbeatWorker(() => Settings.Heartbeat, _http, Metrics, _log);

        _server = DaemonHttpServer.Create(listen!, () => Settings.Server.Token, _log, EndpointGroups());
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

        _loops.Add(new WorkerLoop(InventoryWorker.Name, () => Settings.Certificates.Interval, _inventory.RoundAsync, Health, _log, _time));
        _loops.Add(new WorkerLoop(HeartbeatWorker.Name, () => Settings.Heartbeat?.Interval ?? TimeSpan.FromMinutes(1), heartbeat.RoundAsync, Health, _log, _time));
        foreach (var loop in _loops) _running.Add(Task.Run(() => loop.RunAsync(_stopping.Token)));

        _signal = new ConfigChangeSignal(_options.ConfigPath, _options.WatchConfigFile, _options.HandleSighup, _options.ReloadDebounce, _time);
        _running.Add(Task.Run(() => ReloadLoopAsync(_stopping.Token)));
        _log.Info(Component, $"listening on {_server.BaseUrl}; {settings.Probes.Count} probes, {settings.Notifiers.Count} notifiers");
        return WatchStartResult.Ok;
    }

    /// <summary>Asks for a reload as SIGHUP does.</summary>
    public void RequestReload(string why) => _signal?.Trigger(why);

    private IEnumerable<Action<IEndpointRouteBuilder>> EndpointGroups()
    {
        yield return app => HealthEndpoints.Map(app, Health);
        yield return app => MetricsEndpoint.Map(app, MetricSections);
        yield return app => InventoryEndpoints.Map(app, () => _inventory?.Latest);
    }

    private IReadOnlyList<Action<Stream>> MetricSections()
    {
        var sections = new List<Action<Stream>>();
        if (_inventory?.Latest is { } snapshot)
            sections.Add(stream => PrometheusReportWriter.Write(stream, snapshot.ToSink(), snapshot.Thresholds, snapshot.ScannedAt));
        sections.Add(MetricsEndpoint.Text(Metrics.WriteTo));
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
                Metrics.ConfigReload(false);
                _log.Error(Component, "reload failed, keeping the running config: " + EventLog.Describe(e));
            }
        }
    }

    private void Reload(string why)
    {
        var load = _options.Loader.Load(_options.ConfigPath);
        if (load.Settings is null)
        {
            Metrics.ConfigReload(false);
            _log.Warn(Component, $"reload ({why}): config invalid, keeping the running config");
            foreach (var error in load.Errors) _log.Warn(Component, error);
            return;
        }
        var next = load.Settings;
        var current = Settings;
        if (next.Server != current.Server)
        {
            // Rebinding under a running API would drop clients mid-request; the listener is fixed at start.
            _log.Warn(Component, "server settings changed: they apply at the next start");
            next = next with { Server = current.Server };
        }
        Volatile.Write(ref _settings, next);
        foreach (var loop in _loops) loop.Wake();
        Metrics.ConfigReload(true);
        _log.Info(Component, $"reload ({why}): applied; {next.Probes.Count} probes, {next.Notifiers.Count} notifiers");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopping.IsCancellationRequested) await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_running).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        _signal?.Dispose();
        if (_server is not null) await _server.DisposeAsync().ConfigureAwait(false);
        _http.Dispose();
        _stopping.Dispose();
    }
}
