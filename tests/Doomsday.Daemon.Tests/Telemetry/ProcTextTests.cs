using Doomsday.Daemon.Telemetry;

namespace Doomsday.Daemon.Tests.Telemetry;

public sealed class ProcTextTests
{
    // As fs/proc/base.c (proc_pid_limits) writes it: "%-25s %-20s %-20s %-10s".
    internal const string Limits =
        "Limit                     Soft Limit           Hard Limit           Units     \n"
        + "Max cpu time              unlimited            unlimited            seconds   \n"
        + "Max stack size            8388608              unlimited            bytes     \n"
        + "Max open files            1024                 524288               files     \n"
        + "Max locked memory         8388608              8388608              bytes     \n"
        + "Max address space         unlimited            unlimited            bytes     \n"
        + "Max realtime timeout      unlimited            unlimited            us        \n";

    [Fact]
    public void SoftLimit_KernelLimitsFile_SoftColumnAndUnlimited()
    {
        Assert.Equal(1024UL, ProcText.SoftLimit(Limits, "Max open files"));
        Assert.Equal(ProcText.Unlimited, ProcText.SoftLimit(Limits, "Max address space"));
        Assert.Equal(8388608UL, ProcText.SoftLimit(Limits, "Max stack size"));
    }

    [Theory]
    [InlineData("Max open")] // a prefix of a row's name is not that row
    [InlineData("Max processes")] // no such row
    public void SoftLimit_NoSuchRow_Null(string name) => Assert.Null(ProcText.SoftLimit(Limits, name));

    [Fact]
    public void BootTime_ProcStat_BtimeLine()
    {
        const string stat = "cpu  10132153 290696 3084719 46828483 16683 0 25195 0 0 0\ncpu0 1393280 32966 572056 13343292 6130 0 17875 0 0 0\n"
            + "intr 1462898 0 9 0 0\nctxt 115315133\nbtime 1796533611\nprocesses 1234\n";

        Assert.Equal(1796533611L, ProcText.BootTime(stat));
        Assert.Null(ProcText.BootTime("cpu  1 2 3\n"));
    }
}
