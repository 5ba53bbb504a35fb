using System.Diagnostics;
using Doomsday.Watch.Renewal;

namespace Doomsday.Watch.Tests.Renewal;

/// <summary>The renewal lock, cross-checked with util-linux's <c>flock</c> (what an operator would use to see it).</summary>
public sealed class RenewalLockTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void TryAcquire_WhileHeld_RefusedNamingTheHolderUntilReleased()
    {
        using (var first = RenewalLock.TryAcquire(_dir.Path, Now, out var none))
        {
            Assert.NotNull(first);
            Assert.Null(none);

            Assert.Null(RenewalLock.TryAcquire(_dir.Path, Now, out var refusal));
            Assert.Contains("another renewal holds", refusal, StringComparison.Ordinal);
            Assert.Contains($"pid {Environment.ProcessId} since 2026-03-01T10:00:00Z", refusal, StringComparison.Ordinal);
            Assert.True(RenewalLock.IsHeld(_dir.Path, out var holder));
            Assert.Equal($"pid {Environment.ProcessId} since 2026-03-01T10:00:00Z", holder);
        }

        using var again = RenewalLock.TryAcquire(_dir.Path, Now, out _);
        Assert.NotNull(again);
    }

    [Fact]
    public void TryAcquire_Held_FlockToolSeesItHeldAndFreeAfterDispose()
    {
        var path = Path.Combine(_dir.Path, RenewalLock.FileName);
        using (RenewalLock.TryAcquire(_dir.Path, Now, out _))
        {
            Assert.Equal(1, Flock(path)); // flock -n exits 1 when the lock is taken
        }
        Assert.Equal(0, Flock(path));
    }

    [Fact]
    public void IsHeld_NoLockFile_FalseAndWritesNothing()
    {
        Assert.False(RenewalLock.IsHeld(_dir.Path, out var holder));
        Assert.Null(holder);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir.Path));
    }

    private static int Flock(string path)
    {
        var psi = new ProcessStartInfo("flock") { UseShellExecute = false, RedirectStandardError = true };
        foreach (var a in new[] { "-n", path, "true" }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode;
    }
}
