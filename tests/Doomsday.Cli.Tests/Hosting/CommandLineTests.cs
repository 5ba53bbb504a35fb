using System.Text.RegularExpressions;
using Doomsday.Cli.Tests.Support;

namespace Doomsday.Cli.Tests.Hosting;

/// <summary>What a person gets from a wrong command line, from a group typed alone, and from --version.</summary>
public sealed class CommandLineTests
{
    private static readonly DateTimeOffset Now = new(2030, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(new[] { "scna" }, "doomsday: Unrecognized command or argument 'scna' (did you mean 'scan'?)", "Run 'doomsday --help' for usage.")]
    [InlineData(new[] { "sil" }, "doomsday: Unrecognized command or argument 'sil' (did you mean 'silence'?)", "Run 'doomsday --help' for usage.")]
    [InlineData(new[] { "scan", "--warnign", "3d", "x.pem" }, "doomsday scan: unknown option '--warnign' (did you mean '--warning'?)", "Run 'doomsday scan --help' for usage.")]
    [InlineData(new[] { "silence", "add" }, "doomsday silence add: missing MATCHERS", "Run 'doomsday silence add --help' for usage.")]
    [InlineData(new[] { "config", "check", "--outptu", "json", "x.yaml" }, "doomsday config check: unknown option '--outptu' (did you mean '--output'?)", "Run 'doomsday config check --help' for usage.")]
    [InlineData(new[] { "incidents", "shwo", "3" }, "doomsday incidents: Unrecognized command or argument 'shwo' (did you mean 'show'?)", "Run 'doomsday incidents --help' for usage.")]
    public async Task Run_BadCommandLine_SubcommandNamedSuggestionAndItsHelp(string[] args, string first, string last)
    {
        var run = await CliRun.RunAsync(Now, args);

        Assert.Equal(3, run.ExitCode);
        var lines = run.Error.TrimEnd('\n').Split('\n');
        Assert.Equal(first, lines[0]);
        Assert.Equal(last, lines[^1]);
        Assert.Equal("", run.Out);
    }

    [Theory]
    [InlineData("silence", new[] { "add", "list", "expire" })]
    [InlineData("config", new[] { "check" })]
    [InlineData("notify", new[] { "test" })]
    public async Task Run_GroupAlone_ListsItsSubcommands(string group, string[] subcommands)
    {
        var run = await CliRun.RunAsync(Now, group);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($" {group} [command] [options]", run.Out); // after the executable's name (the test host's here)
        foreach (var sub in subcommands) Assert.Matches(new Regex($@"^\s+{sub}\b", RegexOptions.Multiline), run.Out);
        Assert.Equal("", run.Error);
    }

    [Fact]
    public async Task Version_PrintsVersionCommitBuildDateAndRuntime()
    {
        var run = await CliRun.RunAsync(Now, "--version");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Out.TrimEnd('\n').Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.Matches(@"^doomsday \d+\.\d+\.\d+", lines[0]);
        // The test run builds from a git checkout (a fresh clone too, .ci/run): SourceLink puts its commit in.
        Assert.Matches("^commit: [0-9a-f]{40}$", lines[1]);
        Assert.Matches(@"^built: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", lines[2]);
        Assert.Matches(@"^runtime: \.NET \d+\.\d+\.\d+.* \(linux-[a-z0-9]+\)$", lines[3]);
    }
}
