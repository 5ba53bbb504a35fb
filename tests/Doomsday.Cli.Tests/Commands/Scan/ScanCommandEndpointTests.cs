using System.Text.Json;
using Doomsday.Cli.Hosting;

namespace Doomsday.Cli.Tests.Commands.Scan;

public sealed class ScanCommandEndpointTests
{
    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public async Task RunAsync_EndpointJson_ListsPresentedChain()
    {
        var start = DateTimeOffset.UtcNow.AddDays(-1);
        using var root = TestPki.CreateCa("Cli Test Root", start, start.AddYears(10));
        using var intermediate = TestPki.CreateCa("Cli Test Intermediate", start, start.AddYears(5), root);
        using var leaf = TestPki.CreateServer("cli.test", ["cli.test"], start, start.AddDays(200), intermediate);
        using var nginx = NginxServer.Start([new NginxSite("main", null, [leaf, intermediate])]);
        var port = nginx.Port("main");
        var stdout = new MemoryStream();
        var context = new CliContext(new StringWriter(), new StringWriter(), () => stdout, new FixedTime(start.AddDays(2)), _ => null, IsTerminal: false);

        var code = await DoomsdayApp.RunAsync(["scan", "--endpoint", $"127.0.0.1:{port}", "--output", "json", "--timeout", "30s"], context);

        using var json = JsonDocument.Parse(stdout.ToArray());
        var certificates = json.RootElement.GetProperty("certificates").EnumerateArray().ToList();
        Assert.Equal(
            [TestPki.Sha256(leaf), TestPki.Sha256(intermediate)],
            certificates.Select(c => c.GetProperty("fingerprintSha256").GetString()));
        Assert.Equal(["CN=cli.test", "CN=Cli Test Intermediate"], certificates.Select(c => c.GetProperty("subject").GetString()));
        Assert.All(certificates, c =>
        {
            var source = c.GetProperty("source");
            Assert.Equal("endpoint", source.GetProperty("kind").GetString());
            Assert.Equal("127.0.0.1", source.GetProperty("host").GetString());
            Assert.Equal(port, source.GetProperty("port").GetInt32());
            Assert.Equal("TLSv1.3", c.GetProperty("tlsVersion").GetString());
        });
        Assert.Equal([0, 1], certificates.Select(c => c.GetProperty("source").GetProperty("index").GetInt32()));
        Assert.Empty(json.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal(0, code);
    }

    [Fact]
    public async Task RunAsync_RefusedEndpointJson_ReportsConnectRefusedAndInputError()
    {
        using var closed = TcpPorts.Closed(); // nobody listens there until the test ends
        var port = closed.Port;
        var stdout = new MemoryStream();
        var context = new CliContext(new StringWriter(), new StringWriter(), () => stdout, new FixedTime(DateTimeOffset.UnixEpoch), _ => null, IsTerminal: false);

        var code = await DoomsdayApp.RunAsync(["scan", "--endpoint", $"127.0.0.1:{port}", "-o", "json"], context);

        using var json = JsonDocument.Parse(stdout.ToArray());
        var error = Assert.Single(json.RootElement.GetProperty("errors").EnumerateArray().ToList());
        Assert.Equal("connect_refused", error.GetProperty("reason").GetString());
        Assert.Equal(port, error.GetProperty("source").GetProperty("port").GetInt32());
        Assert.Equal(3, code);
    }
}
