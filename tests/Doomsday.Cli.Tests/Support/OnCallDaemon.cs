using System.Globalization;
using System.Net.Http.Json;
using Doomsday.Daemon;
using Doomsday.Daemon.Configuration;
using Doomsday.Daemon.Http.V1;

namespace Doomsday.Cli.Tests.Support;

/// <summary>
/// A running daemon (the real host, in-process, on a free loopback port with a bearer token) in the state an
/// on-call person finds at 3 a.m.: a TCP probe of a closed port down and firing, a certificate file that is gone
/// (SourceUnreadable firing), a Slack notifier whose receiver does not answer (the outbox backs up). Its config
/// takes the Slack URL from ${SLACK_WEBHOOK_URL}, set for the daemon only: the CLI runs with an empty environment,
/// as from another shell. Shared by the tests of status, alerts and incidents, which only read it.
/// </summary>
public sealed class OnCallDaemon : IAsyncLifetime
{
    public const string Collection = "on-call daemon";
    public const string Token = "on-call-token-9f3a27c1";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly TempDir _dir = new();

    /// <summary>Where the probe and the Slack notifier find nobody listening, held closed until the daemon is disposed.</summary>
    private readonly TcpPorts.ClosedPort _closedProbe = TcpPorts.Closed(), _closedSlack = TcpPorts.Closed();

    public WatchHost Host { get; private set; } = null!;
    public string Config { get; private set; } = "";
    public string MissingCertificate => _dir.Combine("certs", "gone.crt");
    public V1Alert ProbeDown { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        TestCertificates.WritePem(_dir.Combine("ok.crt"), "fine", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(365));
        Config = _dir.File("doomsday.yaml", string.Create(CultureInfo.InvariantCulture, $$"""
            certificates:
              paths: [ok.crt, certs/gone.crt]
              interval: 1h
            probes:
              - name: ssh
                kind: tcp
                address: 127.0.0.1:{{_closedProbe.Port}}
                interval: 200ms
                failureThreshold: 1
            notifiers:
              - name: oncall
                kind: slack
                url: ${SLACK_WEBHOOK_URL}
            server:
              listen: 127.0.0.1:{{TcpPorts.Free()}}
              bearerToken: {{Token}}
            store:
              path: doomsday.db
            """));
        var slack = $"http://127.0.0.1:{_closedSlack.Port}/hooks/T0/B0/x";
        Host = new WatchHost(new WatchHostOptions
        {
            ConfigPath = Config,
            Loader = new WatchConfigFileLoader(name => name == "SLACK_WEBHOOK_URL" ? slack : null),
            WatchConfigFile = false,
        });
        var started = await Host.StartAsync(CancellationToken.None);
        Assert.True(started.Started, string.Join("\n", started.Errors));
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", Token);
        ProbeDown = await Eventually.UntilAsync(async () =>
        {
            var alerts = (await http.GetFromJsonAsync<List<V1Alert>>(new Uri(Host.BaseUrl, "/api/v1/alerts")))!;
            return alerts.Any(a => a is { Name: "SourceUnreadable", Status: "firing" }) ? alerts.FirstOrDefault(a => a is { Name: "ProbeDown", Status: "firing" }) : null;
        }, Deadline, "ProbeDown and SourceUnreadable firing");
    }

    /// <summary><c>doomsday ARGS</c> with an empty environment, stdout not a terminal.</summary>
    public Task<CliResult> RunAsync(params string[] args) => CliRun.RunAsync(TimeProvider.System, _ => null, terminalWidth: null, args);

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        _closedProbe.Dispose();
        _closedSlack.Dispose();
        _dir.Dispose();
    }
}

/// <summary>One <see cref="OnCallDaemon"/> for every test class that reads it.</summary>
[CollectionDefinition(OnCallDaemon.Collection)]
public sealed class OnCallDaemonCollection : ICollectionFixture<OnCallDaemon>;
