using System.Text.Json;
using Doomsday.Cli.Tests.Support;

namespace Doomsday.Cli.Tests.Commands.Config;

/// <summary><c>doomsday config check</c> in-process, over the sample and the bad-config folder.</summary>
public sealed class ConfigCheckCommandTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static string Sample => Path.Combine(CorpusLocator.RepositoryRoot, "samples", "doomsday.yaml");

    private static string Bad(string name) => Path.Combine(CorpusLocator.RepositoryRoot, "tests", "testdata", "config", "bad", name);

    private static string? Env(string name) => "https://secret.example.com/" + name;

    [Fact]
    public async Task Check_ValidSample_Exit0AndOneLineSummary()
    {
        var r = await CliRun.RunWithEnvAsync(Now, Env, "config", "check", Sample);

        Assert.Equal(0, r.ExitCode);
        Assert.Equal($"{Sample}: valid: 7 probes, 4 notifiers, 3 routes\n", r.Out);
        Assert.Equal("", r.Error);
    }

    [Fact]
    public async Task Check_OneOfEach_SingularNouns()
    {
        using var dir = new TempDir();
        var file = dir.File("one.yaml", """
            probes:
              - {name: api, kind: tcp, address: "127.0.0.1:6443"}
            notifiers:
              - {name: hook, kind: webhook, url: "http://127.0.0.1:9/hook"}
            routes:
              - {notifiers: [hook]}
            """);

        var r = await CliRun.RunAsync(Now, "config", "check", file);

        Assert.Equal($"{file}: valid: 1 probe, 1 notifier, 1 route\n", r.Out);
    }

    [Fact]
    public async Task Check_BadFile_EveryErrorCompilerStyleExit3()
    {
        var file = Bad("many-errors.yaml");

        var r = await CliRun.RunAsync(Now, "config", "check", file);

        Assert.Equal(3, r.ExitCode);
        var lines = r.Out.TrimEnd('\n').Split('\n');
        Assert.Equal(File.ReadAllLines(Path.ChangeExtension(file, ".expected")).Length, lines.Length);
        Assert.Equal($"{file}:4:59: thresholds.extreme: unknown field 'extreme' [unknown_field]", lines[1]);
        Assert.Equal($"{file}:7:56: probes[1].status: unknown field 'status' (did you mean 'expect.status'?) [unknown_field]", lines[3]);
        Assert.Contains($"{file}: {lines.Length} errors", r.Error);
    }

    [Fact]
    public async Task Check_JsonOutput_ErrorsAsData()
    {
        var file = Bad("route-to-undefined-notifier.yaml");

        var r = await CliRun.RunAsync(Now, "config", "check", "--output", "json", file);

        Assert.Equal(3, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.False(root.GetProperty("valid").GetBoolean());
        var e = Assert.Single(root.GetProperty("errors").EnumerateArray());
        Assert.Equal((4, 27, "routes[0].notifiers[1]", "unknown_notifier"),
            (e.GetProperty("line").GetInt32(), e.GetProperty("column").GetInt32(), e.GetProperty("field").GetString(), e.GetProperty("code").GetString()));
        Assert.Contains("'pager'", e.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Check_JsonValid_SummaryCounts()
    {
        var r = await CliRun.RunWithEnvAsync(Now, Env, "config", "check", "-o", "json", Sample);

        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.True(doc.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal(7, doc.RootElement.GetProperty("summary").GetProperty("probes").GetInt32());
        Assert.Empty(doc.RootElement.GetProperty("errors").EnumerateArray());
    }

    [Fact]
    public async Task Check_Show_PrintsConfigWithSecretsRedacted()
    {
        var r = await CliRun.RunWithEnvAsync(Now, Env, "config", "check", "--show", Sample);

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("  bearerToken: \"<redacted>\"", r.Out);
        Assert.Contains("  - kind: slack", r.Out);
        Assert.DoesNotContain("secret.example.com", r.Out);
    }

    /// <summary>--show printed an Alertmanager URL's password and an http probe's ?token= value.</summary>
    [Fact]
    public async Task Check_ShowWithCredentialsInUrls_PasswordsAndSecretQueryValuesRedacted()
    {
        using var dir = new TempDir();
        var config = dir.File("doomsday.yaml", """
            probes:
              - { name: shop, kind: http, url: "https://shop.example.com/health?token=t0ps3cret&verbose=1" }
            notifiers:
              - { name: am, kind: alertmanager, urls: ["https://alice:am-pa55@am.example.com:9093"] }
            """);
        var bad = dir.File("bad.yaml", "notifiers:\n  - { name: am, kind: alertmanager, urls: [\"htps://alice:am-pa55@am.example.com\"] }\n");

        var shown = await CliRun.RunAsync(Now, "config", "check", "--show", config);
        var error = await CliRun.RunAsync(Now, "config", "check", bad);

        Assert.Equal(0, shown.ExitCode);
        Assert.Contains("https://alice:<redacted>@am.example.com:9093", shown.Out);
        Assert.Contains("https://shop.example.com/health?token=<redacted>&verbose=1", shown.Out);
        Assert.Equal(3, error.ExitCode);
        Assert.Contains("htps://alice:<redacted>@am.example.com", error.Out);
        Assert.All(new[] { shown.Out, shown.Error, error.Out, error.Error }, o => Assert.DoesNotContain("am-pa55", o));
        Assert.DoesNotContain("t0ps3cret", shown.Out);
    }

    [Fact]
    public async Task Check_UnsetVariable_NamesItNeverAValue()
    {
        var r = await CliRun.RunAsync(Now, "config", "check", Bad("unset-env.yaml"));

        Assert.Equal(3, r.ExitCode);
        Assert.Contains(":4:10: notifiers[0].url: environment variable DOOMSDAY_TEST_UNSET_SLACK_URL is not set [undefined_env]", r.Out);
    }

    [Theory]
    [InlineData("/nonexistent/doomsday.yaml")]
    public async Task Check_MissingFile_Exit3(string file)
    {
        var r = await CliRun.RunAsync(Now, "config", "check", file);

        Assert.Equal(3, r.ExitCode);
        Assert.Contains("no such file [unreadable]", r.Out);
    }

    [Fact]
    public async Task Check_BadOutputFlag_Exit3()
    {
        var r = await CliRun.RunAsync(Now, "config", "check", "-o", "yaml", Sample);

        Assert.Equal(3, r.ExitCode);
        Assert.Contains("--output", r.Error);
    }

    private static readonly TimeSpan ProcessDeadline = TimeSpan.FromSeconds(90);

    /// <summary>
    /// A route regex that does not compile passed config check ("valid"), then made every alert round of
    /// watch throw. The real executable now refuses it, at the label's line and column.
    /// </summary>
    [Fact]
    public async Task Check_RouteRegexThatDoesNotCompile_RealProcessExit3AtTheLabel()
    {
        using var dir = new TempDir();
        var config = dir.File("doomsday.yaml", """
            notifiers:
              - { name: ops, kind: webhook, url: https://hooks.example.com/doomsday }
            routes:
              - notifiers: [ops]
                labels: { probe: "~(unclosed" }
            """);

        var r = await DoomsdayProcess.RunAsync(ProcessDeadline, "config", "check", config);

        Assert.Equal(3, r.ExitCode);
        Assert.StartsWith($"{config}:5:22: routes[0].labels.probe: invalid regular expression: Invalid pattern '(unclosed' at offset 9. Not enough )'s.", r.Out);
        Assert.EndsWith("[invalid_value]\n", r.Out);
        Assert.DoesNotContain("   at ", r.Error);
    }

    /// <summary>60,000 nested '[' killed config check with a stack overflow (exit 134); now one yaml_limit error, exit 3.</summary>
    [Fact]
    public async Task Check_SixtyThousandNestedBrackets_RealProcessExit3WithYamlLimit()
    {
        using var dir = new TempDir();
        var config = dir.File("doomsday.yaml", "probes: " + new string('[', 60_000) + new string(']', 60_000) + "\n");

        var r = await DoomsdayProcess.RunAsync(ProcessDeadline, "config", "check", "-o", "json", config);

        Assert.Equal(3, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        var e = Assert.Single(doc.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal(("yaml_limit", 1), (e.GetProperty("code").GetString(), e.GetProperty("line").GetInt32()));
        Assert.DoesNotContain("   at ", r.Error);
    }
}
