using Doomsday.Core.Sources.Endpoints;
using Doomsday.Daemon.Configuration;
using Doomsday.Daemon.Logging;

namespace Doomsday.Daemon;

/// <summary>How a <see cref="WatchHost"/> is run: which config, read how, logging where, on which clock.</summary>
public sealed record WatchHostOptions
{
    public required string ConfigPath { get; init; }
    public required IDaemonConfigLoader Loader { get; init; }
    public EventLog Log { get; init; } = EventLog.Null;
    public TimeProvider Time { get; init; } = TimeProvider.System;
    public ITlsHandshaker Handshaker { get; init; } = ITlsHandshaker.Default;

    /// <summary>Reload on SIGHUP (the CLI; in-process tests leave it off: the signal belongs to the test runner).</summary>
    public bool HandleSighup { get; init; }

    /// <summary>Reload when the config file changes.</summary>
    public bool WatchConfigFile { get; init; } = true;

    /// <summary>How long the config file must stay unchanged after a change before it is read (docs/configuration.md, "Reload").</summary>
    public TimeSpan ReloadDebounce { get; init; } = TimeSpan.FromMilliseconds(500);
}
