namespace Doomsday.Core.Sources.Files;

/// <summary>
/// An open directory that the files of one batch are opened relative to (<c>openat</c>): the kernel
/// then resolves one name per file instead of the whole path. It also knows whether a short read
/// means end of file on its file system, which saves the read that would return 0.
/// </summary>
internal sealed class DirectoryHandle : IDisposable
{
    // File systems whose read(2) of a regular file returns less than asked only at end of file
    // (linux/magic.h): ext2/3/4, XFS, Btrfs, tmpfs, overlayfs, F2FS, ramfs. Network and FUSE file
    // systems may return short reads anywhere, so they keep reading until 0.
    private static readonly long[] WholeReadFileSystems = [0xEF53, 0x58465342, 0x9123683E, 0x01021994, 0x794C7630, 0xF2F52010, 0x858458F6];

    private DirectoryHandle(string path, int fd, bool shortReadIsEnd)
    {
        Path = path;
        Fd = fd;
        ShortReadIsEnd = shortReadIsEnd;
    }

    /// <summary>The directory's path, as the walk spelled it (no trailing slash).</summary>
    public string Path { get; }

    public int Fd { get; private set; }

    /// <summary>read(2) of a regular file on this directory's file system is short only at end of file.</summary>
    public bool ShortReadIsEnd { get; }

    /// <summary>Opens <paramref name="path"/>; null when it cannot be opened (callers then open files by full path).</summary>
    public static DirectoryHandle? TryOpen(string path)
    {
        if (!NativeFile.IsAvailable || path.Length == 0) return null;
        var length = NativeFile.PathBytes(path.Length);
        Span<byte> name = length <= 1024 ? stackalloc byte[length] : new byte[length];
        if (!NativeFile.TryWritePath(path, name, out _)) return null;
        var fd = NativeFile.OpenDirectory(name);
        if (fd < 0) return null;
        return new DirectoryHandle(path, fd, WholeReadFileSystems.AsSpan().IndexOf(NativeFile.FileSystemType(fd)) >= 0);
    }

    /// <summary>Where the name of <paramref name="file"/> starts when the file sits directly in this directory; -1 otherwise.</summary>
    public int NameStart(string file) => NameStart(Path, file);

    /// <summary>Where the name of <paramref name="file"/> starts when it sits directly in <paramref name="directory"/> (no trailing slash); -1 otherwise.</summary>
    public static int NameStart(string directory, string file)
    {
        var slash = file.LastIndexOf('/');
        return slash == directory.Length && file.StartsWith(directory, StringComparison.Ordinal) ? slash + 1 : -1;
    }

    public void Dispose()
    {
        if (Fd >= 0) NativeFile.Close(Fd);
        Fd = -1;
    }
}
