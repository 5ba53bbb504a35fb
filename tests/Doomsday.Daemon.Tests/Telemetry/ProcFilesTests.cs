using Doomsday.Daemon.Telemetry;

namespace Doomsday.Daemon.Tests.Telemetry;

public sealed class ProcFilesTests
{
    // The shape of /proc/[pid]/stat (proc(5)); comm is "dotnet (x) y)" here: spaces and parentheses, as prctl(PR_SET_NAME) allows.
    // utime 1234, stime 567 (fields 14, 15), starttime 4522009 (22), vsize 3133440 (23), rss 383 (24).
    private const string StatLine =
        "23867 (dotnet (x) y)) S 23862 23862 22567 0 -1 4194304 100 0 0 0 1234 567 0 0 20 0 1 0 4522009 3133440 383 "
        + "18446744073709551615 94201108148224 94201108168105 140728841154944 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 94201108184112 "
        + "94201108185728 94201370324992 140728841160992 140728841161012 140728841161012 140728841162731 0\n";

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
    public void Parse_CommWithSpacesAndParentheses_ReadsFieldsAfterTheLastParenthesis()
    {
        var stat = ProcStat.Parse(StatLine);

        Assert.Equal(new ProcStat(UserTicks: 1234, SystemTicks: 567, StartTicks: 4522009, VirtualBytes: 3133440, ResidentPages: 383), stat);
    }

    [Theory]
    [InlineData("")]
    [InlineData("23867 dotnet S 1 2 3")]
    [InlineData("23867 (dotnet) S 23862 23862 22567 0 -1 4194304 100 0 0 0 1234 567\n")] // cut short
    [InlineData("23867 (dotnet) S 23862 23862 22567 0 -1 4194304 100 0 0 0 x 567 0 0 20 0 1 0 4522009 3133440 383 0\n")]
    public void Parse_NotAStatLine_Null(string line) => Assert.Null(ProcStat.Parse(line));

    [Fact]
    public void Parse_ThisProcessStat_ReadsIt()
    {
        var stat = ProcStat.Parse(File.ReadAllText("/proc/self/stat"));

        Assert.NotNull(stat);
        Assert.True(stat.Value.ResidentPages > 0 && stat.Value.VirtualBytes > 0, stat.ToString());
    }

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
