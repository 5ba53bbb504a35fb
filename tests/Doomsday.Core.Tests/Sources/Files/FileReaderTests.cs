using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Files;
using Doomsday.Core.Tests.Support;

namespace Doomsday.Core.Tests.Sources.Files;

public sealed class FileReaderTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(16 * 1024)] // exactly the first buffer: the end is only known from the next read
    [InlineData(100_000)] // several buffer growths
    public void TryReadPooled_RegularFile_ReturnsExactlyItsBytes(int length)
    {
        var content = TestBytes.Pattern(length);
        var path = Path.Combine(_dir.Path, "f.bin");
        File.WriteAllBytes(path, content);

        Assert.True(FileReader.TryReadPooled(path, 1024 * 1024, out var buffer, out var read, out var rented, out var reason, out _));

        Assert.Null(reason);
        Assert.Equal(OperatingSystem.IsLinux(), rented); // the libc fast path, not the managed fallback
        Assert.Equal(content, buffer.AsSpan(0, read).ToArray());
        if (rented) FileReader.Return(buffer, read);
    }

    [Fact]
    public void TryReadPooled_FileAtTheLimit_IsRead()
    {
        var path = Path.Combine(_dir.Path, "f.bin");
        File.WriteAllBytes(path, TestBytes.Pattern(5000));

        Assert.True(FileReader.TryReadPooled(path, 5000, out var buffer, out var read, out var rented, out _, out _));

        Assert.Equal(5000, read);
        if (rented) FileReader.Return(buffer, read);
    }

    [Fact]
    public void TryReadPooled_FileOverTheLimit_ReportsTooLargeWithItsSizeLikeTryRead()
    {
        var path = Path.Combine(_dir.Path, "f.bin");
        File.WriteAllBytes(path, TestBytes.Pattern(5001));

        Assert.False(FileReader.TryReadPooled(path, 5000, out _, out _, out _, out var reason, out var message));
        Assert.False(FileReader.TryRead(path, 5000, out _, out var expectedReason, out var expectedMessage));

        Assert.Equal(ReasonCodes.TooLarge, reason);
        Assert.Equal(expectedReason, reason);
        Assert.Equal(expectedMessage, message);
        Assert.Contains("5001", message);
    }

    [Fact]
    public void TryReadPooled_MissingFile_ReportsNotFound()
    {
        Assert.False(FileReader.TryReadPooled(Path.Combine(_dir.Path, "absent.pem"), 5000, out _, out _, out _, out var reason, out _));

        Assert.Equal(ReasonCodes.NotFound, reason);
    }

    [Fact]
    public void TryReadPooled_Directory_ReportsWhatTryReadReports()
    {
        var dir = Directory.CreateDirectory(Path.Combine(_dir.Path, "sub")).FullName;

        Assert.False(FileReader.TryReadPooled(dir, 5000, out _, out _, out _, out var reason, out var message));
        Assert.False(FileReader.TryRead(dir, 5000, out _, out var expectedReason, out var expectedMessage));

        Assert.Equal(expectedReason, reason);
        Assert.Equal(expectedMessage, message);
    }
}
