using System.Runtime.InteropServices;
using System.Threading.Channels;
using Doomsday.Daemon.Files;
using Doomsday.Daemon.Signals;

namespace Doomsday.Daemon.Reload;

/// <summary>
/// Says when to reload: on SIGHUP, and when the config file changes and then stays unchanged for the
/// debounce window (editors write, rename and touch a file in bursts, and a non-atomic rewrite such as
/// <c>: > cfg; cat new > cfg</c> passes through an empty file: only a file left alone for a whole window is
/// read; see <see cref="Settled"/>). Readers await
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
        _path = Path.GetFullPath(configPath);
        _debounceWindow = debounce;
        _debounce = time.CreateTimer(_ => Settled(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        if (watchFile)
        {
            try
            {
                var full = _path;
                _watcher = new FileSystemWatcher(Path.GetDirectoryName(full)!, Path.GetFileName(full))
                {
                    NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
                };
                FileSystemEventHandler changed = (_, _) => Changed();
                _watcher.Changed += changed;
                _watcher.Created += changed;
                _watcher.Deleted += changed;
                _watcher.Renamed += (_, _) => Changed();
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

    private readonly string _path;
    private readonly TimeSpan _debounceWindow;
    private readonly Lock _stampLock = new();
    private FileStamp _lastSeen;

    /// <summary>A file event: (re)start the quiet window, remembering the file as it is now.</summary>
    private void Changed()
    {
        lock (_stampLock) _lastSeen = FileStamp.Of(_path);
        _debounce.Change(_debounceWindow, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// The window passed without an event. The file must also look the same as at the last event (size, time,
    /// inode): a writer that pauses without the kernel reporting it, or events lost, start another window.
    /// Only a file left alone for a whole window is read.
    /// </summary>
    private void Settled()
    {
        var now = FileStamp.Of(_path);
        lock (_stampLock)
        {
            if (now != _lastSeen)
            {
                _lastSeen = now;
                _debounce.Change(_debounceWindow, Timeout.InfiniteTimeSpan);
                return;
            }
        }
        Trigger("file changed");
    }

    /// <summary>Asks for another read once the file has been quiet for a window (the reload found it changing under it).</summary>
    public void RetryWhenSettled() => Changed();

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
