using System.Runtime.InteropServices;

namespace Doomsday.Core.Sources.Files;

/// <summary>
/// A minimal Linux io_uring: one submission and one completion ring, used by one thread at a time,
/// to open, read and close many small files with one system call instead of three per file. Only
/// what <see cref="RingFileReader"/> needs: OPENAT into a registered (direct) file slot, READ from
/// it, CLOSE it. Anything the kernel refuses at setup (io_uring disabled by sysctl or seccomp, an
/// old kernel) makes <see cref="TryCreate"/> return null and the caller reads files the plain way.
/// Layouts and constants are those of linux/io_uring.h (identical on x64 and arm64).
/// </summary>
internal sealed unsafe class IoUringRing : IDisposable
{
    public const byte OpOpenAt = 18;
    public const byte OpClose = 19;
    public const byte OpRead = 22;

    public const byte FixedFile = 1 << 0; // IOSQE_FIXED_FILE: fd is a slot of the registered table
    public const byte Link = 1 << 2; // IOSQE_IO_LINK: the next entry runs only if this one succeeds
    public const byte HardLink = 1 << 3; // IOSQE_IO_HARDLINK: the next entry runs whatever this one returns

    private const int SyscallSetup = 425, SyscallEnter = 426, SyscallRegister = 427; // same numbers on x64 and arm64
    private const uint SetupSubmitAll = 1 << 7, SetupCoopTaskrun = 1 << 8;
    private const uint FeatureSingleMmap = 1 << 0;
    // IORING_FEAT_LINKED_FILE (5.18): a fixed file named by a linked entry is looked up when that entry
    // runs, so a READ can use the slot the OPENAT before it fills. Older kernels also ignore the slot
    // field of OPENAT and CLOSE (CLOSE would close descriptor 0), so they are not used at all.
    private const uint FeatureLinkedFile = 1 << 12;
    private const uint EnterGetEvents = 1 << 0;
    private const uint RegisterFiles = 2;
    private const long OffsetSqRing = 0, OffsetCqRing = 0x8000000, OffsetSqes = 0x10000000;
    private const int ProtReadWrite = 0x1 | 0x2, MapShared = 0x01, MapPopulate = 0x8000;
    private const int Interrupted = 4; // EINTR

    private readonly int _fd;
    private readonly (nint Address, nuint Length)[] _maps;
    private readonly uint* _sqHead, _sqTail, _sqArray, _cqHead, _cqTail;
    private readonly uint _sqMask, _cqMask;
    private readonly byte* _sqes, _cqes;
    private uint _pendingTail;

    public int Entries { get; }

    public int FileSlots { get; }

    private IoUringRing(int fd, int entries, int fileSlots, (nint, nuint)[] maps, byte* sq, byte* cq, byte* sqes, byte* parameters)
    {
        _fd = fd;
        Entries = entries;
        FileSlots = fileSlots;
        _maps = maps;
        _sqHead = (uint*)(sq + U32(parameters, 40));
        _sqTail = (uint*)(sq + U32(parameters, 44));
        _sqMask = *(uint*)(sq + U32(parameters, 48));
        _sqArray = (uint*)(sq + U32(parameters, 64));
        _cqHead = (uint*)(cq + U32(parameters, 80));
        _cqTail = (uint*)(cq + U32(parameters, 84));
        _cqMask = *(uint*)(cq + U32(parameters, 88));
        _cqes = cq + U32(parameters, 100);
        _sqes = sqes;
        _pendingTail = *_sqTail;
        // The submission array maps ring positions to entries one to one, once and for all.
        for (uint i = 0; i < entries; i++) _sqArray[i] = i;
    }

    private static uint U32(byte* p, int offset) => *(uint*)(p + offset);

    /// <summary>A ring of <paramref name="entries"/> submissions (a power of two) with <paramref name="fileSlots"/> direct file slots; null when the kernel refuses.</summary>
    public static IoUringRing? TryCreate(int entries, int fileSlots)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64)) return null;
        try
        {
            return Create(entries, fileSlots);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    private static IoUringRing? Create(int entries, int fileSlots)
    {
        var parameters = stackalloc byte[120];
        new Span<byte>(parameters, 120).Clear();
        *(uint*)(parameters + 8) = SetupSubmitAll | SetupCoopTaskrun;
        var fd = (int)Syscall(SyscallSetup, entries, (nint)parameters, 0, 0, 0, 0);
        if (fd < 0) return null;
        var maps = new Maps();
        try
        {
            var sqEntries = U32(parameters, 0);
            var cqEntries = U32(parameters, 4);
            var sqSize = (nuint)(U32(parameters, 64) + sqEntries * 4);
            var cqSize = (nuint)(U32(parameters, 100) + cqEntries * 16);
            var features = U32(parameters, 20);
            if ((features & FeatureLinkedFile) == 0) return Fail(fd, maps);
            var single = (features & FeatureSingleMmap) != 0;
            if (single) sqSize = cqSize = Math.Max(sqSize, cqSize);
            var sq = Map(maps, sqSize, fd, OffsetSqRing);
            var cq = single ? sq : Map(maps, cqSize, fd, OffsetCqRing);
            var sqes = Map(maps, (nuint)(sqEntries * 64), fd, OffsetSqes);
            if (sq is null || cq is null || sqes is null) return Fail(fd, maps);
            // A table of empty slots (-1) that OPENAT fills and CLOSE empties.
            var slots = stackalloc int[fileSlots];
            new Span<int>(slots, fileSlots).Fill(-1);
            if (Syscall(SyscallRegister, fd, (nint)RegisterFiles, (nint)slots, fileSlots, 0, 0) < 0) return Fail(fd, maps);
            return new IoUringRing(fd, (int)sqEntries, fileSlots, maps.ToArray(), sq, cq, sqes, parameters);
        }
        catch
        {
            Fail(fd, maps);
            throw;
        }
    }

    private static byte* Map(Maps maps, nuint length, int fd, long offset)
    {
        var address = MapNative(0, length, ProtReadWrite, MapShared | MapPopulate, fd, offset);
        if (address == -1) return null;
        maps.Add(address, length);
        return (byte*)address;
    }

    private static IoUringRing? Fail(int fd, Maps maps)
    {
        foreach (var (address, length) in maps.ToArray()) UnmapNative(address, length);
        CloseNative(fd);
        return null;
    }

    /// <summary>The (at most three) mappings of a ring; an array, not a list of tuples, which start-up would have to JIT.</summary>
    private sealed class Maps
    {
        private readonly (nint Address, nuint Length)[] _items = new (nint, nuint)[3];
        private int _count;

        public void Add(nint address, nuint length) => _items[_count++] = (address, length);

        public (nint Address, nuint Length)[] ToArray() => _items[.._count];
    }

    /// <summary>Queues one entry; it goes to the kernel with the next <see cref="SubmitAndWait"/>.</summary>
    public void Queue(byte opcode, byte flags, int fd, ulong offset, nint address, uint length, uint opFlags, ulong userData, uint fileIndex)
    {
        var sqe = _sqes + (_pendingTail & _sqMask) * 64;
        new Span<byte>(sqe, 64).Clear();
        sqe[0] = opcode;
        sqe[1] = flags;
        *(int*)(sqe + 4) = fd;
        *(ulong*)(sqe + 8) = offset;
        *(ulong*)(sqe + 16) = (ulong)address;
        *(uint*)(sqe + 24) = length;
        *(uint*)(sqe + 28) = opFlags;
        *(ulong*)(sqe + 32) = userData;
        *(uint*)(sqe + 44) = fileIndex;
        _pendingTail++;
    }

    /// <summary>
    /// Hands every queued entry to the kernel and waits until each has completed (cancelled links
    /// complete too, with -ECANCELED); <paramref name="completed"/> gets (user data, result) of each.
    /// False when the kernel refused the submission itself: the caller then does the work the plain way.
    /// </summary>
    public bool SubmitAndWait(Action<ulong, int> completed)
    {
        var count = (int)(_pendingTail - *_sqTail);
        Volatile.Write(ref *_sqTail, _pendingTail); // entries written before the tail is published
        var submitted = 0;
        var reaped = 0;
        while (reaped < count)
        {
            var toSubmit = count - submitted;
            var r = Syscall(SyscallEnter, _fd, toSubmit, count - reaped, (nint)EnterGetEvents, 0, 0);
            if (r < 0)
            {
                if (Marshal.GetLastPInvokeError() == Interrupted) continue;
                if (submitted == 0) return Reset();
            }
            else
            {
                submitted += (int)r;
            }
            var head = *_cqHead;
            var tail = Volatile.Read(ref *_cqTail); // completions read after the tail is seen
            while (head != tail)
            {
                var cqe = _cqes + (head & _cqMask) * 16;
                completed(*(ulong*)cqe, *(int*)(cqe + 8));
                head++;
                reaped++;
            }
            Volatile.Write(ref *_cqHead, head);
        }
        return true;
    }

    /// <summary>Forgets entries queued since the last <see cref="SubmitAndWait"/> (they never reach the kernel).</summary>
    public void DiscardQueued() => _pendingTail = *_sqTail;

    // The kernel took nothing: forget the queued entries.
    private bool Reset()
    {
        _pendingTail = *_sqHead;
        Volatile.Write(ref *_sqTail, _pendingTail);
        return false;
    }

    public void Dispose()
    {
        foreach (var (address, length) in _maps) UnmapNative(address, length);
        CloseNative(_fd);
    }

    [DllImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static extern long Syscall(long number, nint a1, nint a2, nint a3, nint a4, nint a5, nint a6);

    [DllImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static extern nint MapNative(nint address, nuint length, int protection, int flags, int fd, long offset);

    [DllImport("libc", EntryPoint = "munmap")]
    private static extern int UnmapNative(nint address, nuint length);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int CloseNative(int fd);
}
