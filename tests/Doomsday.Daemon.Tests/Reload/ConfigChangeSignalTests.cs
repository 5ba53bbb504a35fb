using Doomsday.Daemon.Reload;
using Microsoft.Extensions.Time.Testing;

namespace Doomsday.Daemon.Tests.Reload;

/// <summary>The reload signal fires only for a file left alone for a whole window (time moved by hand).</summary>
public sealed class ConfigChangeSignalTests
{
    [Fact]
    public async Task Settled_FileWrittenAgainWithinTheWindow_WaitsAnotherWindowBeforeTheReload()
    {
        using var dir = new TempDir();
        var path = dir.File("doomsday.yaml", "probes: []\n");
        var clock = new FakeTimeProvider();
        using var signal = new ConfigChangeSignal(path, watchFile: false, handleSighup: false, TimeSpan.FromSeconds(1), clock);

        signal.RetryWhenSettled(); // as a file event does: the window starts
        File.AppendAllText(path, "# a writer still at work, no event seen\n");
        clock.Advance(TimeSpan.FromSeconds(1));
        var reload = signal.WaitAsync(CancellationToken.None);
        Assert.False(reload.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(reload.IsCompleted);
        Assert.Equal("file changed", await reload);
    }

    [Fact]
    public void Settled_FileReplacedBySameSizeAndTime_SeenByItsInode()
    {
        using var dir = new TempDir();
        var path = dir.File("doomsday.yaml", "probes: []\n");
        var clock = new FakeTimeProvider();
        using var signal = new ConfigChangeSignal(path, watchFile: false, handleSighup: false, TimeSpan.FromSeconds(1), clock);

        signal.RetryWhenSettled();
        var mtime = File.GetLastWriteTimeUtc(path);
        var other = dir.File("new.yaml", "probes: {}\n"); // same length
        File.SetLastWriteTimeUtc(other, mtime);
        File.Move(other, path, overwrite: true); // mv: another inode under the same name
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.False(signal.WaitAsync(CancellationToken.None).IsCompleted);
    }
}
