using System.Net;
using System.Net.Sockets;
using Doomsday.Cli.Tests.Support;
using Doomsday.Daemon.Http;
using Microsoft.Data.Sqlite;

namespace Doomsday.Cli.Tests.Commands.Watch;

/// <summary>The real daemon's API flooded by anything that can reach it.</summary>
public sealed class WatchFloodTests
{
    private const int FileLimit = 1024;
    private const int Flood = 4000;

    /// <summary>
    /// Descriptors the daemon may open besides its start-up ones and its held API connections while the flood is
    /// held: the probe's socket, the webhook client's connections, SQLite's journal. (A quiet run settles at 5.)
    /// </summary>
    private const int Slack = 32;

    /// <summary>
    /// 4,000 connections to the API that never send a byte, against a daemon allowed 1,024 descriptors: without
    /// connection limits it would run out of descriptors and its probes (which need sockets) would fail. The
    /// daemon must never run out, must keep no descriptor for the connections beyond its limit, its probe of a
    /// healthy target must keep succeeding (no false ProbeDown), and once the flood is gone the API must answer again.
    /// </summary>
    /// <remarks>
    /// Connections beyond the limit are accepted and then closed: until the daemon gets to close one, its socket is a
    /// descriptor. On a quiet machine that is a few dozen at a time; on a loaded one the accepted sockets wait longer
    /// and hundreds can be open at once (805 seen under load 40), so the peak depends on the machine, not on the
    /// daemon. What does not is what it keeps once it has closed them: its start-up descriptors, at most
    /// <see cref="HttpLimits.MaxConnections"/> held connections, and a few of its own. The peak is only held to the
    /// file limit: a daemon without the connection limit holds every idle connection (until its keep-alive timeout)
    /// and reaches it, and one that kept a descriptor per connection never comes back down.
    /// </remarks>
    [Fact]
    public async Task Watch_FloodOfIdleConnections_DescriptorsBoundedProbesKeepSucceeding()
    {
        using var dir = new TempDir();
        await using var receiver = await WebhookReceiver.StartAsync();
        var listen = TcpPorts.Free();
        using var healthy = new TcpListener(IPAddress.Loopback, 0);
        healthy.Start();
        var db = dir.Combine("doomsday.db");
        var config = dir.File("doomsday.yaml", WatchProcess.Config(listen, db, receiver.Url,
            WatchProcess.TcpProbe("healthy", ((IPEndPoint)healthy.LocalEndpoint).Port, interval: "100ms", timeout: "2s")));
        using var daemon = WatchProcess.StartWithFileLimit(config, listen, FileLimit);
        var flood = new List<TcpClient>();
        var baseline = WatchProcess.OpenFiles(daemon.Pid);
        var most = 0;
        try
        {
            var started = DateTimeOffset.UtcNow;
            using var connectDeadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            for (var batch = 0; batch < Flood; batch += 200)
            {
                var clients = Enumerable.Range(0, 200).Select(_ => new TcpClient()).ToList();
                flood.AddRange(clients);
                await Task.WhenAll(clients.Select(async c =>
                {
                    try
                    {
                        await c.ConnectAsync(IPAddress.Loopback, listen, connectDeadline.Token);
                    }
                    catch (Exception e) when (e is SocketException or OperationCanceledException)
                    {
                        // a full accept queue drops the handshake: the flood is what it is
                    }
                }));
                most = Math.Max(most, WatchProcess.OpenFiles(daemon.Pid));
            }
            var connected = flood.Count(c => c.Connected);
            Assert.True(connected >= Flood / 2, $"only {connected} flood connections were made");

            // while the flood is open, the probe keeps running and succeeding (read from the store: the API is flooded)
            await Eventually.UntilAsync(() =>
            {
                most = Math.Max(most, WatchProcess.OpenFiles(daemon.Pid));
                return ProbeResultsSince(db, started).Successes >= 20;
            }, WatchProcess.Deadline, () => $"probe results during the flood: {ProbeResultsSince(db, started)}\n{daemon.Stderr}");
            Assert.Equal(0, ProbeResultsSince(db, started).Failures);
            Assert.True(most < FileLimit, $"the daemon ran out of descriptors during the flood ({most} open, {baseline} before)");
            // the flood still open: once the connections beyond the limit are closed, what is left is bounded by the config
            var bound = baseline + HttpLimits.MaxConnections + Slack;
            await Eventually.UntilAsync(() => WatchProcess.OpenFiles(daemon.Pid) <= bound, WatchProcess.Deadline,
                () => $"the daemon back to at most {bound} descriptors ({baseline} before the flood, {HttpLimits.MaxConnections} connections held, {Slack} of its own): "
                      + $"{WatchProcess.OpenFiles(daemon.Pid)} open, {OpenByDaemon(flood)} flood connections not closed by it, at most {most} during the flood\n{daemon.Stderr}");
        }
        finally
        {
            foreach (var c in flood) c.Dispose();
        }

        var (status, body, _) = await Eventually.UntilAsync<Tuple<int, string>>(async () =>
        {
            try
            {
                var (s, b, _) = await RawHttp.SendAsync(listen, "GET", "/healthz", $"127.0.0.1:{listen}");
                return s == 200 ? Tuple.Create(s, b) : null;
            }
            catch (IOException)
            {
                return null;
            }
        }, WatchProcess.Deadline, () => "API answers after the flood\n" + daemon.Stderr) is var t ? (t.Item1, t.Item2, 0) : default;
        Assert.Equal(200, status);
        Assert.Equal("ok\n", body);
        Assert.False(daemon.Process.HasExited);
        Assert.DoesNotContain(receiver.Answered, r => WebhookReceiver.Is(r, "ProbeDown", "firing"));
        // a forged Host is refused by the real daemon as by the in-process one (DNS rebinding)
        var (evil, evilBody, _) = await RawHttp.SendAsync(listen, "GET", "/api/v1/alerts", $"evil.example:{listen}");
        Assert.Equal(421, evil);
        Assert.Contains("not this daemon's address", (string?)System.Text.Json.Nodes.JsonNode.Parse(evilBody)!["error"]);
    }

    /// <summary>Flood connections the daemon has neither closed nor reset (a read would not end at once).</summary>
    private static int OpenByDaemon(List<TcpClient> flood) =>
        flood.Count(c => c.Connected && !c.Client.Poll(0, SelectMode.SelectRead));

    private static (int Successes, int Failures) ProbeResultsSince(string db, DateTimeOffset since)
    {
        using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COALESCE(SUM(success), 0), COALESCE(SUM(1 - success), 0) FROM probe_results WHERE at >= $since";
        cmd.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
        using var r = cmd.ExecuteReader();
        r.Read();
        return (r.GetInt32(0), r.GetInt32(1));
    }
}
