using Doomsday.Core.Sources.Files;
using Doomsday.Core.Tests.Support;

namespace Doomsday.Core.Tests.Sources.Files;

/// <summary>Files opened relative to their directory (openat), and the short-read shortcut on local file systems.</summary>
public sealed class DirectoryHandleTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(0, false)]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(16 * 1024 - 1, true)]
    [InlineData(16 * 1024, true)] // fills the first buffer exactly: not short, so the next read finds the end
    [InlineData(16 * 1024 + 1, true)]
    [InlineData(100_000, true)] // several buffer growths
    [InlineData(100_000, false)]
    public void TryReadPooled_ThroughTheDirectory_ReturnsExactlyTheFilesBytes(int length, bool shortReadIsEnd)
    {
        var content = TestBytes.Pattern(length);
        var path = Path.Combine(_dir.Path, "f.bin");
        File.WriteAllBytes(path, content);
        using var directory = DirectoryHandle.TryOpen(_dir.Path);
        Assert.NotNull(directory);

        Assert.True(FileReader.TryReadPooled(path, 1024 * 1024, directory, shortReadIsEnd, out var buffer, out var read, out var rented, out var reason, out _));

        Assert.Null(reason);
        Assert.True(rented);
        Assert.Equal(content, buffer.AsSpan(0, read).ToArray());
        FileReader.Return(buffer, read);
    }

    [Fact]
    public void TryReadPooled_OverTheLimitThroughTheDirectory_ReportsTooLarge()
    {
        var path = Path.Combine(_dir.Path, "big.bin");
        File.WriteAllBytes(path, TestBytes.Pattern(5001));
        using var directory = DirectoryHandle.TryOpen(_dir.Path);

        Assert.False(FileReader.TryReadPooled(path, 5000, directory, true, out _, out _, out _, out var reason, out var message));

        Assert.Equal("too_large", reason);
        Assert.Contains("5001", message);
    }

    [Fact]
    public void TryReadPooled_FileInAnotherDirectory_IsOpenedByItsFullPath()
    {
        var sub = Directory.CreateDirectory(Path.Combine(_dir.Path, "sub")).FullName;
        var path = Path.Combine(sub, "f.bin");
        File.WriteAllBytes(path, TestBytes.Pattern(300));
        using var directory = DirectoryHandle.TryOpen(_dir.Path);

        Assert.Equal(-1, directory!.NameStart(path));
        Assert.True(FileReader.TryReadPooled(path, 5000, directory, true, out var buffer, out var read, out _, out _, out _));
        Assert.Equal(TestBytes.Pattern(300), buffer.AsSpan(0, read).ToArray());
        FileReader.Return(buffer, read);
    }

    [Fact]
    public void NameStart_IsWhereTheNameBeginsForFilesDirectlyInTheDirectory()
    {
        using var directory = DirectoryHandle.TryOpen(_dir.Path);

        Assert.Equal(_dir.Path.Length + 1, directory!.NameStart(_dir.Path + "/a.pem"));
        Assert.Equal(-1, directory.NameStart(_dir.Path + "x/a.pem")); // a sibling whose name starts the same
        Assert.Equal(-1, directory.NameStart(_dir.Path + "/sub/a.pem"));
    }

    [Fact]
    public void ShortReadIsEnd_IsFalseWhereReadsMayBeShortBeforeTheEnd()
    {
        // procfs hands out a page or a record at a time: a short read there is not the end of the file.
        using var proc = DirectoryHandle.TryOpen("/proc/self");

        Assert.NotNull(proc);
        Assert.False(proc.ShortReadIsEnd);
    }

    [Fact]
    public void TryOpen_MissingDirectory_IsNull()
    {
        Assert.Null(DirectoryHandle.TryOpen(Path.Combine(_dir.Path, "absent")));
    }
}
