using System.Globalization;
using Doomsday.Cli.Hosting;
using Doomsday.Daemon;
using Doomsday.Daemon.Configuration;

namespace Doomsday.Cli.Tests.Commands.Silence;

/// <summary><c>silence</c> (and, through <see cref="StartDaemonAsync"/>, <c>ack</c>) against a real daemon (in-process, on a free loopback port, with a bearer token).</summary>
public sealed class SilenceCommandTests
{
    internal const string Token = "cli-test-token-9f3a27c1";

    /// <summary>
    /// The port every <see cref="StartDaemonAsync"/> daemon's probe finds closed (the ack tests wait for its alert to
    /// fire): held for the whole run, since the daemons it serves are disposed by their callers.
    /// </summary>
    private static readonly TcpPorts.ClosedPort ProbedClosed = TcpPorts.Closed();

    internal static async Task<(WatchHost Host, TempDir Dir, string Config)> StartDaemonAsync()
    {
        var dir = new TempDir();
        var config = dir.File("doomsday.yaml", string.Create(CultureInfo.InvariantCulture, $"""
            probes:
              - name: ssh
                kind: tcp
                address: 127.0.0.1:{ProbedClosed.Port}
                interval: 200ms
                failureThreshold: 1
            server:
              listen: 127.0.0.1:{TcpPorts.Free()}
              bearerToken: {Token}
            store:
              path: doomsday.db
            """));
        var host = new WatchHost(new WatchHostOptions { ConfigPath = config, Loader = new WatchConfigFileLoader(_ => null), WatchConfigFile = false });
        var started = await host.StartAsync(CancellationToken.None);
        Assert.True(started.Started, string.Join("\n", started.Errors));
        return (host, dir, config);
    }

    internal static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var context = new CliContext(stdout, stderr, () => new MemoryStream(), TimeProvider.System, _ => null, IsTerminal: false);
        var code = await DoomsdayApp.RunAsync(args, context);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>
    /// 100,000 matchers, a 1 MB comment or a regex the engine cannot compile are refused before anything is sent: the
    /// URL names a port nothing listens on, so a request would have been exit 1 (unreachable), not 3.
    /// </summary>
    [Theory]
    [InlineData("matchers")]
    [InlineData("comment")]
    [InlineData("regex")]
    public async Task Add_OverTheSilenceLimits_Exit3WithoutContactingTheDaemon(string what)
    {
        using var closed = TcpPorts.Closed(); // nobody listens there until the test ends
        var url = $"http://127.0.0.1:{closed.Port}";
        string[] args = what switch
        {
            "matchers" => ["silence", "add", .. Enumerable.Range(0, 100_000).Select(i => $"l{i}=v"), "--url", url, "--token", Token],
            "comment" => ["silence", "add", "alertname=ProbeDown", "--comment", new string('x', 1024 * 1024), "--url", url, "--token", Token],
            _ => ["silence", "add", "probe=~(unclosed", "--url", url, "--token", Token],
        };

        var r = await RunAsync(args);

        Assert.Equal(3, r.Code);
        Assert.StartsWith("doomsday silence add: ", r.Err);
        Assert.Contains(what switch { "matchers" => "at most 64 matchers (100000 given)", "comment" => "'comment' is longer than 4096 characters", _ => "regular expression" }, r.Err);
    }

    [Fact]
    public async Task AddListExpire_RunningDaemon_SilenceLifecycle()
    {
        var (host, dir, config) = await StartDaemonAsync();
        await using (host)
        using (dir)
        {
            var add = await RunAsync("silence", "add", "alertname=ProbeDown", "probe=~ss.*", "--duration", "1h", "--comment", "maintenance", "--author", "alice", "--config", config);
            Assert.True(add.Code == 0, add.Err);
            var id = add.Out.Trim();
            Assert.Matches("^[0-9a-f]{16}$", id);

            var list = await RunAsync("silence", "list", "--config", config);
            Assert.Equal(0, list.Code);
            var line = Assert.Single(list.Out.Split('\n'), l => l.StartsWith(id, StringComparison.Ordinal));
            Assert.Contains("\tactive\t", line);
            Assert.Contains("alertname=\"ProbeDown\",probe=~\"ss.*\"", line);
            Assert.Contains("alice", line);

            var expire = await RunAsync("silence", "expire", id, "--config", config);
            Assert.True(expire.Code == 0, expire.Err);
            var after = await RunAsync("silence", "list", "--config", config);
            Assert.DoesNotContain(id, after.Out);
        }
    }

    [Fact]
    public async Task List_WrongToken_RefusedWithExit1()
    {
        var (host, dir, _) = await StartDaemonAsync();
        await using (host)
        using (dir)
        {
            var list = await RunAsync("silence", "list", "--url", host.BaseUrl.ToString(), "--token", "wrong");
            Assert.Equal(1, list.Code);
            Assert.Contains("bearer token", list.Err);
            Assert.DoesNotContain("wrong", list.Err);
        }
    }

    [Fact]
    public async Task Add_AmtoolOperatorsAndBraceList_StoredAsWrittenAndListedQuoted()
    {
        var (host, dir, config) = await StartDaemonAsync();
        await using (host)
        using (dir)
        {
            var add = await RunAsync("silence", "add", "probe!=ssh", "{alertname=\"ProbeDown\", kind!~\"dns|tls\"}", "--config", config);
            Assert.True(add.Code == 0, add.Err);

            var silence = Assert.Single(host.Engine.Silences);
            Assert.Equal(
            [
                new Doomsday.Watch.Alerting.SilenceMatcher("probe", "ssh", IsRegex: false, IsEqual: false),
                new Doomsday.Watch.Alerting.SilenceMatcher("alertname", "ProbeDown"),
                new Doomsday.Watch.Alerting.SilenceMatcher("kind", "dns|tls", IsRegex: true, IsEqual: false),
            ], silence.Matchers);
            var list = await RunAsync("silence", "list", "--config", config);
            Assert.Contains("probe!=\"ssh\",alertname=\"ProbeDown\",kind!~\"dns|tls\"", list.Out);
        }
    }

    [Theory]
    [InlineData("probe!x", "doomsday silence add: 'probe!x': not a matcher: expected NAME=VALUE, NAME!=VALUE, NAME=~REGEX or NAME!~REGEX")]
    [InlineData("alertname=~.*", "doomsday silence add: at least one matcher must not match the empty string (this silence would match alerts that lack the labels)")]
    public async Task Add_NotAmtoolSyntax_RefusedBeforeContactingTheDaemon(string matcher, string expected)
    {
        // no daemon at that address: the refusal must come from the parser, not from a connection error
        using var closed = TcpPorts.Closed();
        var add = await RunAsync("silence", "add", matcher, "--url", $"http://127.0.0.1:{closed.Port}", "--token", "x");

        Assert.Equal(3, add.Code);
        Assert.Equal(expected, add.Err.Trim());
        Assert.Empty(add.Out);
    }
}
