using System.Runtime.InteropServices;
using Doomsday.Cli.Hosting;

namespace Doomsday.Cli.Tests.Hosting;

/// <summary>
/// In this (JIT) test process the runtime has already raised the soft limit to the hard one, so the test lowers
/// the soft limit by one first (harmless to the tests running beside it) and puts it back whatever happens.
/// The native binary, whose runtime raises nothing, is checked end to end in Packaging/NativeBinaryTests.
/// </summary>
public sealed class OpenFileLimitTests
{
    [Fact]
    public void Raise_SoftBelowHard_SoftBecomesHard()
    {
        var original = Read();
        Assert.True(original.Current > 1, $"soft limit {original.Current}");
        try
        {
            Write(original with { Current = original.Maximum - 1 });

            var raised = OpenFileLimit.Raise();

            Assert.Equal((original.Maximum - 1, original.Maximum), raised);
            Assert.Equal(original.Maximum, Read().Current);
        }
        finally
        {
            Write(original);
        }
    }

    [Fact]
    public void Raise_SoftAlreadyHard_Unchanged()
    {
        var original = Read();
        Assert.Equal(original.Maximum, original.Current); // the JIT runtime's doing

        Assert.Equal((original.Current, original.Current), OpenFileLimit.Raise());
        Assert.Equal(original, Read());
    }

    private const int RlimitNofile = 7;

    [StructLayout(LayoutKind.Sequential)]
    private record struct Rlimit(ulong Current, ulong Maximum);

    private static Rlimit Read()
    {
        var limit = default(Rlimit);
        Assert.Equal(0, getrlimit(RlimitNofile, ref limit));
        return limit;
    }

    private static void Write(Rlimit limit)
    {
        var copy = limit;
        Assert.Equal(0, setrlimit(RlimitNofile, ref copy));
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int getrlimit(int resource, ref Rlimit limit);

    [DllImport("libc", SetLastError = true)]
    private static extern int setrlimit(int resource, ref Rlimit limit);
}
