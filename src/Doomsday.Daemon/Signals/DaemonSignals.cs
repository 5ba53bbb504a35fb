using System.Runtime.InteropServices;

namespace Doomsday.Daemon.Signals;

/// <summary>
/// The POSIX signal dispositions the daemon depends on, set where .NET's own handling would get them wrong:
/// <list type="bullet">
/// <item>Started under <c>nohup</c> (or any parent that ignores SIGHUP), the process inherits SIGHUP as
/// ignored, and .NET respects an inherited ignore: a <see cref="PosixSignalRegistration"/> for it then never
/// fires (dotnet/runtime <c>pal_signal.c</c>, <c>InstallSignalHandler</c>: "We respect ignored signals"). The
/// daemon asks for SIGHUP explicitly, so <see cref="UnignoreHangup"/> puts the default back first.</item>
/// <item>Between <c>execve</c> (the daemon restarting itself with tiered compilation) and the new image's
/// handlers, SIGTERM/SIGINT/SIGHUP would kill it by the signal. The signal mask survives <c>execve</c>, so
/// the old image <see cref="Block"/>s them and the new one <see cref="Unblock"/>s them once its handlers are
/// registered: a signal sent in between waits and is then handled (a clean stop, exit 0).</item>
/// </list>
/// Linux only; elsewhere each call does nothing.
/// </summary>
public static class DaemonSignals
{
    private const int SigHup = 1, SigInt = 2, SigTerm = 15;
    private const int SigBlock = 0, SigUnblock = 1; // Linux, every architecture .NET runs on
    private static readonly nint SigDfl = 0, SigIgn = 1;

    private static readonly Lock Gate = new();

    /// <summary>True when SIGHUP was ignored and is now back to its default (so .NET can install its handler).</summary>
    public static bool UnignoreHangup()
    {
        if (!OperatingSystem.IsLinux()) return false;
        lock (Gate)
        {
            // struct sigaction starts with the handler (glibc and musl); the buffer is larger than the struct.
            var old = new byte[512];
            if (sigaction(SigHup, 0, old) != 0) return false;
            if (BitConverter.ToInt64(old, 0) != SigIgn) return false;
            return signal(SigHup, SigDfl) != -1;
        }
    }

    /// <summary>Blocks SIGHUP, SIGINT and SIGTERM on the calling thread (kept across <c>execve</c>).</summary>
    public static void Block() => Mask(SigBlock);

    /// <summary>Unblocks them on the calling thread: signals that arrived meanwhile are delivered now.</summary>
    public static void Unblock() => Mask(SigUnblock);

    private static void Mask(int how)
    {
        if (!OperatingSystem.IsLinux()) return;
        var set = new byte[128]; // sigset_t (glibc: 1024 bits)
        var bits = (1UL << (SigHup - 1)) | (1UL << (SigInt - 1)) | (1UL << (SigTerm - 1));
        BitConverter.TryWriteBytes(set, bits);
        _ = pthread_sigmask(how, set, null);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int sigaction(int signum, nint act, byte[] oldact);

    [DllImport("libc", SetLastError = true)]
    private static extern nint signal(int signum, nint handler);

    [DllImport("libc", SetLastError = true)]
    private static extern int pthread_sigmask(int how, byte[] set, byte[]? oldset);
}
