using System.Runtime.InteropServices;

namespace Doomsday.Core.Sources.Files;

/// <summary>
/// Reads up to <see cref="MaxFiles"/> small files of one directory with one io_uring submission:
/// for each, OPENAT into its own direct slot, READ of up to <see cref="BufferSize"/> bytes, CLOSE.
/// A file is read whole when the read came back short (the caller only asks for files on local file
/// systems, where a short read is the end of the file). Anything else (the file fails to open, is
/// larger, the kernel refuses) leaves it to the plain path, which also words the errors. One reader
/// per thread at a time; it owns native memory, so dispose it.
/// </summary>
internal sealed unsafe class RingFileReader : IDisposable
{
    public const int MaxFiles = 64;
    public const int BufferSize = 16 * 1024;
    private const int NameArea = 64 * 1024;
    private const int RingEntries = 256; // three entries per file

    private static volatile bool s_unavailable;

    private readonly IoUringRing _ring;
    private readonly byte* _buffers;
    private readonly byte* _names;
    private readonly int[] _lengths = new int[MaxFiles];
    private int _nameUsed;
    private bool _refused;
    private int _count;

    private RingFileReader(IoUringRing ring)
    {
        _ring = ring;
        _buffers = (byte*)NativeMemory.AlignedAlloc(MaxFiles * BufferSize, 4096);
        _names = (byte*)NativeMemory.Alloc(NameArea);
        Array.Fill(_lengths, -1);
    }

    /// <summary>A reader, or null where io_uring cannot be used (then nobody asks again in this process).</summary>
    public static RingFileReader? TryCreate()
    {
        if (s_unavailable) return null;
        var ring = IoUringRing.TryCreate(RingEntries, MaxFiles);
        if (ring is null)
        {
            s_unavailable = true;
            return null;
        }
        return new RingFileReader(ring);
    }

    /// <summary>
    /// Queues file <paramref name="index"/> by its <paramref name="name"/> in the directory open as
    /// <paramref name="directoryFd"/>; false when the name cannot be passed (then read it the plain way).
    /// </summary>
    public bool Add(int index, int directoryFd, ReadOnlySpan<char> name)
    {
        if (_refused) return false;
        var room = NameArea - _nameUsed;
        if (NativeFile.PathBytes(name.Length) > room || !NativeFile.TryWritePath(name, new Span<byte>(_names + _nameUsed, room), out var written)) return false;
        var slot = (uint)index;
        var address = (nint)(_names + _nameUsed);
        _nameUsed += written;
        // O_NONBLOCK (not O_CLOEXEC, which direct descriptors refuse): a FIFO must not block the ring.
        _ring.Queue(IoUringRing.OpOpenAt, IoUringRing.Link, directoryFd, 0, address, 0, NativeFile.NonBlocking, UserData(index, 0), slot + 1);
        _ring.Queue(IoUringRing.OpRead, IoUringRing.FixedFile | IoUringRing.HardLink, (int)slot, 0, (nint)(_buffers + index * BufferSize), BufferSize, 0, UserData(index, 1), 0);
        _ring.Queue(IoUringRing.OpClose, 0, 0, 0, 0, 0, 0, UserData(index, 2), slot + 1);
        _lengths[index] = -1;
        _count++;
        return true;
    }

    /// <summary>Opens, reads and closes every queued file, all in one submission.</summary>
    public void Run()
    {
        if (_count == 0) return;
        var lengths = _lengths;
        var submitted = _ring.SubmitAndWait((userData, result) =>
        {
            var index = (int)(userData >> 2);
            // Only the READ's result matters: an OPENAT that failed cancels it (-ECANCELED).
            if ((userData & 3) == 1) lengths[index] = result is >= 0 and < BufferSize ? result : -1;
        });
        // The kernel refused the submission itself (a seccomp filter that allows setting a ring up but not
        // entering it, say): these files go the plain way, and so does everything after, in this process.
        if (!submitted)
        {
            _refused = true;
            s_unavailable = true;
        }
    }

    /// <summary>The bytes of file <paramref name="index"/> when it was read whole; empty and false otherwise.</summary>
    public bool TryGet(int index, out ReadOnlySpan<byte> content)
    {
        if (_lengths[index] < 0)
        {
            content = default;
            return false;
        }
        content = new ReadOnlySpan<byte>(_buffers + index * BufferSize, _lengths[index]);
        return true;
    }

    /// <summary>Clears what was read (it may be a key) and forgets the queued files, submitted or not.</summary>
    public void Reset()
    {
        _ring.DiscardQueued();
        for (var i = 0; i < MaxFiles; i++)
        {
            if (_lengths[i] > 0) new Span<byte>(_buffers + i * BufferSize, _lengths[i]).Clear();
            _lengths[i] = -1; // not read (also what an unqueued file is)
        }
        _nameUsed = 0;
        _count = 0;
    }

    private static ulong UserData(int index, int op) => ((ulong)index << 2) | (uint)op;

    public void Dispose()
    {
        Reset();
        _ring.Dispose();
        NativeMemory.AlignedFree(_buffers);
        NativeMemory.Free(_names);
    }
}
