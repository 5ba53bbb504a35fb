using System.Runtime.InteropServices;

namespace Doomsday.Core.Tests.Support;

/// <summary>
/// Runs code as an unprivileged user for file access, without a child process. Tests run as root,
/// and root ignores file modes (CAP_DAC_OVERRIDE). Linux's setfsuid(2) changes the filesystem UID of
/// the calling thread only, and moving it off 0 drops the DAC capabilities of that thread only, so
/// the kernel really denies a mode-000 file. It runs on a dedicated thread that ends afterwards,
/// so no other test ever sees the changed identity.
/// </summary>
internal static class FsUid
{
    public const uint Nobody = 65534;

    [DllImport("libc", SetLastError = true)]
    private static extern int setfsuid(uint fsuid);

    [DllImport("libc", SetLastError = true)]
    private static extern int setfsgid(uint fsgid);

    public static T RunAsNobody<T>(Func<T> action)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            var oldGid = setfsgid(Nobody);
            var oldUid = setfsuid(Nobody);
            try
            {
                // setfsuid returns the previous value and cannot report failure: read it back.
                if (setfsuid(uint.MaxValue) != Nobody) throw new InvalidOperationException("setfsuid did not take effect");
                result = action();
            }
            catch (Exception e)
            {
                failure = e;
            }
            finally
            {
                setfsuid((uint)oldUid);
                setfsgid((uint)oldGid);
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null) throw new InvalidOperationException("failed while running as nobody", failure);
        return result;
    }
}
