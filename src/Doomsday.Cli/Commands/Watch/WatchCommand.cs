using System.CommandLine;
using System.Runtime.InteropServices;
using Doomsday.Cli.Hosting;
using Doomsday.Core.Inventory;
using Doomsday.Core.Reporting;
using Doomsday.Daemon;
using Doomsday.Daemon.Configuration;
using Doomsday.Daemon.Logging;

namespace Doomsday.Cli.Commands.Watch;

/// <summary>
/// <c>doomsday watch --config FILE</c>: the always-on watchdog (Doomsday.Daemon's <see cref="WatchHost"/>)
/// until SIGINT or SIGTERM. Logs one line per event to stderr (text or JSON, <c>--log-format</c>; docs/logging.md). An invalid config exits 3 with the
/// messages <c>config check</c> prints.
/// </summary>
public static class WatchCommand
{
    public static Command Create(CliContext context)
    {
        var config = new Option<string>("--config", "-c") { Description = "The config file (docs/configuration.md).", Required = true };
        var logFormat = new Option<string>("--log-format")
        {
            Description = "How log lines are written to stderr: text (TIME LEVEL EVENT COMPONENT: MESSAGE) or json (one object per line, for log shippers); docs/logging.md.",
            DefaultValueFactory = _ => LogFormats.Text,
        };
        logFormat.AcceptOnlyFromAmong([.. LogFormats.Names]);
        var command = new Command("watch", "Run the watchdog: re-scan certificates, probe endpoints, alert with escalation, deliver notifications that survive restarts, serve /metrics and the API.");
        command.Options.Add(config);
        command.Options.Add(logFormat);
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(config)!, LogFormats.Parse(parse.GetValue(logFormat)!) ?? LogFormat.Text, context, ct));
        return command;
    }

    private static async Task<int> RunAsync(string configPath, LogFormat logFormat, CliContext context, CancellationToken ct)
    {
        var log = new EventLog(context.Error, context.Time, logFormat);
        // SIGTERM (docker stop, systemd, kill) and SIGINT both end the daemon cleanly, exit 0, even during
        // start-up: the process's handlers (DaemonRuntime) are installed before anything else; these two
        // serve an in-process run.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, DaemonRuntime.Stopping);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        if (stop.IsCancellationRequested) return Stopped(log, "before start");
        await using var host = new WatchHost(new WatchHostOptions
        {
            ConfigPath = configPath,
            Loader = new WatchConfigFileLoader(context.GetEnvironmentVariable),
            Log = log,
            Time = context.Time,
            HandleSighup = true,
        });
        WatchStartResult started;
        try
        {
            started = await host.StartAsync(stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return Stopped(log, "during start-up");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever StartAsync did not foresee is still one line for the user, never a stack trace.
            started = new WatchStartResult([$"cannot start: {EventLog.Describe(e)}"]);
        }
        // Asked to stop while starting: whatever start-up ran into (a store still locked, say) no longer matters.
        if (stop.IsCancellationRequested) return Stopped(log, "during start-up");
        if (!started.Started)
        {
            var summary = $"doomsday watch: {TerminalText.Escape(configPath)}: not started ({Plurals.Count(started.Errors.Count, "error")})";
            if (logFormat == LogFormat.Json)
            {
                // a log shipper reading stderr sees only JSON lines, the reasons included
                foreach (var error in started.Errors) log.Write(LogEvents.NotStarted, "watch", error);
                log.Write(LogEvents.NotStarted, "watch", summary);
            }
            else
            {
                foreach (var error in started.Errors) await context.Error.WriteLineAsync(TerminalText.Escape(error));
                await context.Error.WriteLineAsync(summary);
            }
            return ExitCodes.InputError;
        }
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
            log.Write(LogEvents.Stopping, "watch", $"stopping (deliveries in flight get up to {host.Settings.Delivery.ShutdownGrace.TotalSeconds:0.#}s)");
        }
        return ExitCodes.Ok;
    }

    private static int Stopped(EventLog log, string when)
    {
        log.Write(LogEvents.Stopped, "watch", $"stopped {when}");
        return ExitCodes.Ok;
    }
}
