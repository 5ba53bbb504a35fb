using Doomsday.Cli.Tests.Support;

namespace Doomsday.Cli.Tests.Commands.Completion;

/// <summary>
/// The scripts of <c>doomsday completion</c>, sourced by the real shells (bash, fish; zsh with its completion
/// builtins standing in, since they only run inside a completion widget) and asked what they complete.
/// </summary>
public sealed class CompletionCommandTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2030, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<string> ScriptAsync(string shell)
    {
        var run = await CliRun.RunAsync(Now, "completion", shell);
        Assert.Equal(0, run.ExitCode);
        return _dir.File("doomsday." + shell, run.Out);
    }

    /// <summary>Runs <paramref name="script"/> in the shell (installed by scripts/install-test-deps); its stdout.</summary>
    private static string Shell(string program, string script)
    {
        var info = new System.Diagnostics.ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        info.Environment["HOME"] = Path.GetTempPath(); // no user rc files
        using var process = System.Diagnostics.Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), $"{program} did not finish");
        Assert.True(process.ExitCode == 0, $"{program} exited {process.ExitCode}:\n{stderr.Result}\n{stdout.Result}");
        return stdout.Result;
    }

    [Theory]
    [InlineData("doomsday sil", "silence")]
    [InlineData("doomsday silence ", "add expire list")]
    [InlineData("doomsday scan --out", "--output")]
    [InlineData("doomsday scan -o ", "json prometheus table wide")]
    [InlineData("doomsday scan --fail-on c", "critical")]
    [InlineData("doomsday doctor -o ", "json markdown table")]
    [InlineData("doomsday incidents s", "show")]
    [InlineData("doomsday completion ", "bash fish zsh")]
    [InlineData("doomsday ack --co", "--comment --config")]
    [InlineData("doomsday scan --kubeconfig scan --only", "--only-problems")]
    public async Task Bash_Sourced_CompletesVerbsFlagsAndValues(string line, string expected)
    {
        var script = await ScriptAsync("bash");

        var output = Shell("bash", $$"""
            source '{{script}}'
            complete -p doomsday
            read -ra COMP_WORDS <<< '{{line}}'
            [[ '{{line}}' == *' ' ]] && COMP_WORDS+=('')
            COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
            _doomsday
            printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' '
            """);

        var lines = output.Split('\n');
        Assert.Equal("complete -F _doomsday doomsday", lines[0]);
        Assert.Equal(expected, lines[1].Trim());
    }

    [Fact]
    public async Task Bash_PathArgument_CompletesFiles()
    {
        var script = await ScriptAsync("bash");
        _dir.File("certs/apiserver.crt", "x");

        var output = Shell("bash", $"source '{script}'; COMP_WORDS=(doomsday scan '{_dir.Combine("certs/api")}'); COMP_CWORD=2; _doomsday; echo \"${{COMPREPLY[@]}}\"");

        Assert.Equal(_dir.Combine("certs/apiserver.crt"), output.Trim());
    }

    [Theory]
    [InlineData("doomsday sil", "silence")]
    [InlineData("doomsday silence ", "add expire list")]
    [InlineData("doomsday scan -o ", "json prometheus table wide")]
    [InlineData("doomsday status --", "--config --help --output --token --url")]
    public async Task Fish_Sourced_CompletesVerbsFlagsAndValues(string line, string expected)
    {
        var script = await ScriptAsync("fish");

        var output = Shell("fish", $"source '{script}'; complete -C '{line}' | string replace -r '\\t.*' '' | sort | string join ' '; exit 0");

        Assert.Equal(expected, output.Trim());
    }

    [Theory]
    [InlineData("doomsday silence ", "add expire list")]
    [InlineData("doomsday scan -o ", "json prometheus table wide")]
    [InlineData("doomsday incidents ", "list show")]
    public async Task Zsh_Sourced_CompletesVerbsAndValues(string line, string expected)
    {
        var script = await ScriptAsync("zsh");

        // compadd, _describe and _files are builtins of zsh's completion system, alive only inside a widget: stand-ins print what they get.
        var output = Shell("zsh", $$"""
            compdef() { : }
            _describe() { local -a items; items=("${(@P)4}"); print -l -- "${items[@]%%:*}" }
            compadd() { shift; print -l -- "$@" }
            _files() { print -- '<files>' }
            source '{{script}}'
            line='{{line}}'
            words=(${=line}); [[ $line == *' ' ]] && words+=('')
            CURRENT=${#words}
            _doomsday | sort | tr '\n' ' '
            """);

        Assert.Equal(expected, output.Trim());
    }
}
