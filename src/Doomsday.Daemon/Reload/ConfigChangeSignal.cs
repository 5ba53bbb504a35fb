using System.Runtime.InteropServices;
using System.Threading.Channels;
using Doomsday.Daemon.Signals;

namespace Doomsday.Daemon.Reload;

/// <summary>
/// Says when to reload: on SIGHUP, and when the config file changes (editors write, rename and
/// touch a file in bursts, so file events are debounced into one reload). Readers await
/// <see cref="WaitAsync"/>; several triggers before a read collapse into one.
/// </summary>
internal sealed class ConfigChangeSignal : IDisposable
{
    private readonly Channel<string> _channel = Channel.CreateBounded<string>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly FileSystemWatcher? _watcher;
    private readonly PosixSignalRegistration? _sighup;
    private readonly ITimer _debounce;

    public ConfigChangeSignal(string configPath, bool watchFile, bool handleSighup, TimeSpan debounce, TimeProvider time)
    {
        _debounce = time.CreateTimer(_ => Trigger("file changed"), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        if (watchFile)
        {
            try
            {
                var full = Path.GetFullPath(configPath);
                _watcher = new FileSystemWatcher(Path.GetDirectoryName(full)!, Path.GetFileName(full))
                {
                    NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
                };
                FileSystemEventHandler changed = (_, _) => _debounce.Change(debounce, Timeout.InfiniteTimeSpan);
                _watcher.Changed += changed;
                _watcher.Created += changed;
                _watcher.Renamed += (_, _) => _debounce.Change(debounce, Timeout.InfiniteTimeSpan);
                // Events were lost (the kernel queue overflowed): the file may have changed, so read it again.
                _watcher.Error += (_, e) => Trigger("file watch error: " + e.GetException().Message);
                _watcher.EnableRaisingEvents = true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or PlatformNotSupportedException)
            {
                // e.g. the inotify watch limit reached: the daemon runs on, reloading on SIGHUP only.
                _watcher?.Dispose();
                _watcher = null;
                WatchError = $"{e.GetType().Name}: {e.Message}";
            }
        }
        if (handleSighup)
        {
            // under nohup SIGHUP is inherited ignored, and .NET would then never call the handler
            DaemonSignals.UnignoreHangup();
            _sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true; // SIGHUP's default is to terminate
                Trigger("SIGHUP");
            });
        }
    }

    /// <summary>Why the config file is not watched although asked (null: watched, or not asked).</summary>
    public string? WatchError { get; }

    /// <summary>Also used by tests and by the API to ask for a reload.</summary>
    public void Trigger(string why) => _channel.Writer.TryWrite(why);

    public ValueTask<string> WaitAsync(CancellationToken cancellationToken) => _channel.Reader.ReadAsync(cancellationToken);

    public void Dispose()
    {
        _watcher?.Dispose();
        _sighup?.Dispose();
        _debounce.Dispose();
    }
}
