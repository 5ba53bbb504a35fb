using Doomsday.Daemon.Telemetry;

namespace Doomsday.Daemon.Tests.Telemetry;

public sealed class ProcStatTests
{
    // The shape of /proc/[pid]/stat (proc(5)); comm is "dotnet (x) y)" here: spaces and parentheses, as prctl(PR_SET_NAME) allows.
    // utime 1234, stime 567 (fields 14, 15), starttime 4522009 (22), vsize 3133440 (23), rss 383 (24).
    private const string StatLine =
        "23867 (dotnet (x) y)) S 23862 23862 22567 0 -1 4194304 100 0 0 0 1234 567 0 0 20 0 1 0 4522009 3133440 383 "
        + "18446744073709551615 94201108148224 94201108168105 140728841154944 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 94201108184112 "
        + "94201108185728 94201370324992 140728841160992 140728841161012 140728841161012 140728841162731 0\n";

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
}
