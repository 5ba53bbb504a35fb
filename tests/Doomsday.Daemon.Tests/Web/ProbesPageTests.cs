using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Doomsday.Daemon.Configuration;
using Doomsday.Daemon.Http;
using Doomsday.Daemon.Tests.Support;
using Doomsday.Watch.Probes;
using Doomsday.Watch.Probes.Tcp;

namespace Doomsday.Daemon.Tests.Web;

/// <summary><c>/probes</c> with more probes than fit a page: a hundred a page, the down ones first, the counts over all.</summary>
public sealed partial class ProbesPageTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [GeneratedRegex("<td data-label=\"State\">")]
    private static partial Regex Row();

    [Fact]
    public async Task Probes_120DownAnd1Up_PagedAHundredDownFirstCountsOverAll()
    {
        using var dir = new TempDir();
        using var up = new TcpListener(IPAddress.Loopback, 0);
        up.Start();
        using var closed = TcpPorts.Closed(); // nobody listens there for the whole test: the 120 probes are down
        ProbeOptions Tcp(string name, int port) => new TcpProbeOptions { Name = name, Address = $"127.0.0.1:{port}", Interval = TimeSpan.FromSeconds(2), Timeout = TimeSpan.FromSeconds(5), FailureThreshold = 1 };
        var settings = new DaemonSettings
        {
            Server = new ServerSettings { Listen = $"127.0.0.1:{TcpPorts.Free()}" },
            // "a-up" sorts before every "p…" by name: only the down-first order puts it on page 2
            Probes = [Tcp("a-up", ((IPEndPoint)up.LocalEndpoint).Port), .. Enumerable.Range(0, 120).Select(i => Tcp($"p{i:000}", closed.Port))],
            StorePath = dir.Combine("doomsday.db"),
        };
        var log = new StringLog();
        await using var host = new WatchHost(new WatchHostOptions { ConfigPath = dir.Combine("doomsday.yaml"), Loader = new SettingsLoader(settings), Log = log.Log, WatchConfigFile = false });
        Assert.True((await host.StartAsync(CancellationToken.None)).Started, log.ToString());
        using var http = new HttpClient { BaseAddress = host.BaseUrl };

        var first = await Eventually.UntilAsync(async () =>
        {
            var html = await http.GetStringAsync("/probes");
            return html.Contains("121 probes: 120 down, 1 up", StringComparison.Ordinal) ? html : null;
        }, Deadline, () => "every probe ran\n" + log);
        var second = await http.GetStringAsync("/probes?page=2");
        var beyond = await http.GetStringAsync("/probes?page=9");

        Assert.Equal(100, Row().Count(first));
        Assert.DoesNotContain("/probes/a-up\"", first);
        Assert.Contains("Page 1 of 2", first);
        Assert.Contains("href=\"/probes?page=2\" rel=\"next\"", first);
        Assert.Equal(21, Row().Count(second));
        Assert.Contains("/probes/a-up\"", second);
        Assert.Contains("href=\"/probes\" rel=\"prev\"", second);
        Assert.Contains("121 probes: 120 down, 1 up", second);
        Assert.Contains("Page 2 of 2", beyond); // a page past the end shows the last one
        Assert.Equal(21, Row().Count(beyond));
    }
}
