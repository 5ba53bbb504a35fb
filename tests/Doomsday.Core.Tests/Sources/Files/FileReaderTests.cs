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

    private string Fifo(string name)
    {
        var path = Path.Combine(_dir.Path, name);
        using var mkfifo = System.Diagnostics.Process.Start(ChildProcess.Find("mkfifo", "/usr/bin/mkfifo", "/bin/mkfifo"), [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }

    /// <summary>Runs a read on another thread, bounded, so that a read that blocks fails the test instead of hanging the suite.</summary>
    private static Task<(bool Ok, byte[] Content, string? Reason, string? Message)> ReadBoundedAsync(string path, long maxSize, TimeSpan readTimeout) =>
        Task.Run(() =>
        {
            var ok = FileReader.TryRead(path, maxSize, out var content, out var reason, out var message, readTimeout);
            return (ok, content, reason, message);
        }).WaitAsync(TimeSpan.FromSeconds(60));

    /// <summary>The public TryRead opened a FIFO blocking: with no writer, open(2) never returned (a kubeconfig's certificate-authority hung scan).</summary>
    [Fact]
    public async Task TryRead_FifoWithoutWriter_ReadsAsEmptyAtOnce()
    {
        var fifo = Fifo("ca.crt");

        var (ok, content, _, _) = await ReadBoundedAsync(fifo, 5000, TimeSpan.FromMinutes(10));

        Assert.True(ok);
        Assert.Empty(content);
    }

    /// <summary>A writer holds the FIFO open and never writes: the read waits for the read timeout, then timeout.</summary>
    [Fact]
    public async Task TryRead_FifoWhoseWriterNeverWrites_TimeoutAfterTheReadTimeout()
    {
        var fifo = Fifo("stuck.pem");
        // O_RDWR on a FIFO does not wait for the other end: this handle is the writer that never writes.
        using var writer = File.OpenHandle(fifo, FileMode.Open, FileAccess.ReadWrite);

        var (ok, _, reason, message) = await ReadBoundedAsync(fifo, 5000, TimeSpan.FromMilliseconds(200));

        Assert.False(ok);
        Assert.Equal(ReasonCodes.Timeout, reason);
        Assert.StartsWith("nothing more to read after 200ms", message);
    }

    /// <summary>What bash's &lt;(command) hands over, /dev/fd/N of a pipe: read whole, to the writer's end.</summary>
    [Fact]
    public async Task TryRead_PipeWhoseWriterWroteAndClosed_ReadsEverything()
    {
        var content = TestBytes.Pattern(3000);
        using var pipe = new System.IO.Pipes.AnonymousPipeServerStream(System.IO.Pipes.PipeDirection.Out);
        var path = $"/proc/self/fd/{pipe.ClientSafePipeHandle.DangerousGetHandle()}";
        pipe.Write(content);
        pipe.Dispose(); // the write end: the reader sees the end after the data

        var (ok, read, _, _) = await ReadBoundedAsync(path, 5000, TimeSpan.FromSeconds(30));

        Assert.True(ok);
        Assert.Equal(content, read);
    }

    [Fact]
    public async Task TryRead_EndlessDevice_TooLargeWithoutASizeToShow()
    {
        var (ok, _, reason, message) = await ReadBoundedAsync("/dev/zero", 5000, TimeSpan.FromSeconds(30));

        Assert.False(ok);
        Assert.Equal(ReasonCodes.TooLarge, reason);
        Assert.StartsWith("over 5000 bytes read without reaching the end (a device or a pipe)", message);
    }

    /// <summary>
    /// --max-file-size 3G and a file of 1.9 GB: growing the buffer past 1 GiB overflowed an int (a stack trace and
    /// truncated JSON). Now the file is read in one buffer sized from its length (a sparse file: no disk used).
    /// </summary>
    [Fact]
    public void TryReadPooled_FileOfOnePointNineGigabytes_ReadWhole()
    {
        const long size = 1_900_000_000;
        var path = Path.Combine(_dir.Path, "big.bin");
        using (var f = File.Create(path)) f.SetLength(size);

        Assert.True(FileReader.TryReadPooled(path, 3L * 1024 * 1024 * 1024, out var buffer, out var read, out var rented, out var reason, out _));

        Assert.Null(reason);
        Assert.Equal(size, read);
        if (rented) FileReader.Return(buffer, read);
    }

    [Fact]
    public void TryReadPooled_FileLargerThanAnArrayCanHold_TooLargeNamingThatBound()
    {
        var path = Path.Combine(_dir.Path, "huge.bin");
        using (var f = File.Create(path)) f.SetLength(3L * 1024 * 1024 * 1024);

        Assert.False(FileReader.TryReadPooled(path, 4L * 1024 * 1024 * 1024, out _, out _, out _, out var reason, out var message));

        Assert.Equal(ReasonCodes.TooLarge, reason);
        Assert.Equal($"file is {3L * 1024 * 1024 * 1024} bytes, over the {Array.MaxLength} bytes one file may have (about 2 GiB)", message);
    }
}
