using Doomsday.Cli.Hosting;
using Doomsday.Cli.Tests.Support;
using Doomsday.Core;

namespace Doomsday.Cli.Tests;

public sealed class DoomsdayAppTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RunAsync_VersionAlone_SameTextAsTheParsersVersionOption()
    {
        // The short cut (answered before the command tree is built) against the parser's own --version action.
        var shortCut = await CliRun.RunAsync(Now, "--version");
        var output = new StringWriter();
        var context = new CliContext(output, new StringWriter(), () => new MemoryStream(), TimeProvider.System, _ => null, IsTerminal: false);
        var parsed = await DoomsdayApp.Build(context).Parse(["--version"]).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output });

        Assert.Equal(0, shortCut.ExitCode);
        Assert.Equal(0, parsed);
        Assert.Equal(BuildInfo.Text, shortCut.Out);
        Assert.Equal(output.ToString(), shortCut.Out);
        Assert.Equal("", shortCut.Error);
    }
}
