using Doomsday.Core.Sources.Files;
using Doomsday.Core.Tests.Support;

namespace Doomsday.Core.Tests.Sources.Files;

/// <summary>
/// Files read through io_uring (one submission for many files). Runs against the real kernel; where
/// io_uring is not available (seccomp, sysctl, old kernel) the reader is null and the scan reads the
/// plain way, which the other file tests cover; these tests then check only that.
/// </summary>
public sealed class RingFileReaderTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Run_ReadsEachSmallFileWholeAndLeavesTheRestToThePlainPath()
    {
        using var reader = RingFileReader.TryCreate();
        if (reader is null)
        {
            Assert.Null(RingFileReader.TryCreate()); // unavailable stays unavailable: asked once per process
            return;
        }
        int[] sizes = [0, 1, 700, RingFileReader.BufferSize - 1, RingFileReader.BufferSize, RingFileReader.BufferSize + 1];
        for (var i = 0; i < sizes.Length; i++) File.WriteAllBytes(_dir.Combine($"f{i}.pem"), TestBytes.Pattern(sizes[i], i));
        Directory.CreateDirectory(_dir.Combine("a-directory"));
        using var directory = DirectoryHandle.TryOpen(_dir.Path)!;

        for (var i = 0; i < sizes.Length; i++) Assert.True(reader.Add(i, directory.Fd, $"f{i}.pem"));
        Assert.True(reader.Add(sizes.Length, directory.Fd, "absent.pem"));
        Assert.True(reader.Add(sizes.Length + 1, directory.Fd, "a-directory"));
        reader.Run();

        for (var i = 0; i < sizes.Length; i++)
        {
            var whole = sizes[i] < RingFileReader.BufferSize; // a full buffer may mean more bytes follow
            Assert.Equal(whole, reader.TryGet(i, out var content));
            if (whole) Assert.Equal(TestBytes.Pattern(sizes[i], i), content.ToArray());
        }
        Assert.False(reader.TryGet(sizes.Length, out _)); // not found: the plain path words the error
        Assert.False(reader.TryGet(sizes.Length + 1, out _)); // EISDIR from the read
        Assert.False(reader.TryGet(sizes.Length + 2, out _)); // never queued
    }

    [Fact]
    public void Run_AfterReset_ReusesItsSlotsForTheNextFiles()
    {
        using var reader = RingFileReader.TryCreate();
        if (reader is null) return;
        using var directory = DirectoryHandle.TryOpen(_dir.Path)!;

        // More rounds than slots: every CLOSE must have freed its slot, or OPENAT would replace open files.
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < RingFileReader.MaxFiles; i++) File.WriteAllBytes(_dir.Combine($"r{round}-{i}.crt"), TestBytes.Pattern(100 + i, round));
            for (var i = 0; i < RingFileReader.MaxFiles; i++) Assert.True(reader.Add(i, directory.Fd, $"r{round}-{i}.crt"));
            reader.Run();
            for (var i = 0; i < RingFileReader.MaxFiles; i++)
            {
                Assert.True(reader.TryGet(i, out var content));
                Assert.Equal(TestBytes.Pattern(100 + i, round), content.ToArray());
            }
            reader.Reset();
            Assert.False(reader.TryGet(0, out _));
        }
        // No descriptor leaked into the process: the files were opened as direct (ring-only) descriptors.
        Assert.DoesNotContain(Directory.GetFiles("/proc/self/fd").Select(ReadLink), t => t?.StartsWith(_dir.Path + "/r", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Add_NameWithNul_IsRefused()
    {
        using var reader = RingFileReader.TryCreate();
        if (reader is null) return;
        using var directory = DirectoryHandle.TryOpen(_dir.Path)!;

        Assert.False(reader.Add(0, directory.Fd, "bad\0name"));
    }

    private static string? ReadLink(string fd)
    {
        try
        {
            return new FileInfo(fd).LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
