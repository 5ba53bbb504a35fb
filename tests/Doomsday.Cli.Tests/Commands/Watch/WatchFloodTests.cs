using System.Net;
using System.Net.Sockets;
using Doomsday.Cli.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Doomsday.Cli.Tests.Commands.Watch;

/// <summary>The real daemon's API flooded by anything that can reach it.</summary>
public sealed class WatchFloodTests
{
    private const int FileLimit = 1024;
    private const int Flood = 4000;

    /// <summary>
    /// 4,000 connections to the API that never send a byte, against a daemon allowed 1,024 descriptors: without
    /// connection limits it would run out of descriptors and its probes (which need sockets) would fail. The
    /// daemon must keep its descriptors bounded, its probe of a healthy target must keep succeeding (no false
    /// ProbeDown), and once the flood is gone the API must answer again.
    /// </summary>
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
            // 128 API connections plus the rejected ones being closed, never near the limit (unbounded, it reaches it)
            Assert.True(most < FileLimit * 3 / 4, $"the daemon had {most} descriptors open during the flood ({baseline} before)");
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
