using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Doomsday.Core.Pki;

namespace Doomsday.Cli.Tests.Packaging;

/// <summary>The PromQL of the Grafana dashboard (deploy/kubernetes/dashboards/doomsday.json).</summary>
internal static class Dashboard
{
    public static string File => Path.Combine(CorpusLocator.RepositoryRoot, "deploy", "kubernetes", "dashboards", "doomsday.json");

    public static List<string> Queries() =>
        JsonNode.Parse(System.IO.File.ReadAllText(File))!["panels"]!.AsArray()
            .SelectMany(p => p!["targets"]!.AsArray()).Select(t => (string)t!["expr"]!).ToList();
}

/// <summary>
/// Every query of the dashboard returns data from a real Prometheus scraping a real <c>doomsday watch</c>
/// (the native binary, as shipped) over a generated kubeadm node, with a probe and a notifier configured.
/// </summary>
public sealed class DashboardTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Queries_PrometheusScrapingWatch_EveryOneReturnsData()
    {
        using var tree = KubeadmTreeBuilder.Build(_dir.Combine("etc", "kubernetes"), new KubeadmTreeOptions
        {
            Now = DateTimeOffset.UtcNow.AddDays(-340), // a year's certificates with 25 days left: critical, alerts fire
            NodeName = "cp-1",
            NodeIp = IPAddress.Parse("192.168.7.20"),
            KeyAlgorithm = KubeadmKeyAlgorithm.EcdsaP256,
            KubeletDirectory = _dir.Combine("var", "lib", "kubelet"),
        });
        await using var receiver = await WebhookReceiver.StartAsync();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = TcpPorts.Free();
        const string token = "dashboard-test-token";
        var config = _dir.File("doomsday.yaml", string.Create(CultureInfo.InvariantCulture, $"""
            certificates:
              kubeadm: {tree.Root}
              paths: [{_dir.Combine("missing.crt")}]   # one read error, for the read-errors panel
            probes:
              - name: open-port
                kind: tcp
                address: 127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}
                interval: 1s
            notifiers:
              - name: hook
                kind: webhook
                url: {receiver.Url}
            routes:
              - notifiers: [hook]
            server:
              listen: 127.0.0.1:{port}
              bearerToken: {token}
            store:
              path: {_dir.Combine("doomsday.db")}
            """));
        using var watch = NativeBinary.Start(null, "watch", "--config", config);
        {
            using var prometheus = PrometheusServer.Start(_dir.Dir("prometheus"), $"""
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: doomsday-node
                    authorization:
                      credentials: {token}
                    static_configs:
                      - targets: ['127.0.0.1:{port}']
                """);
            await prometheus.WaitReadyAsync(TimeSpan.FromSeconds(60));
            var queries = Dashboard.Queries();

            foreach (var query in queries)
            {
                await Eventually.UntilAsync(async () => await prometheus.QueryAsync(query) is { Count: > 0 } data ? data : null, TimeSpan.FromSeconds(90),
                    () => $"data for the dashboard query {query}\n{watch.Output}\n{prometheus.Stderr}");
            }

            Assert.True(queries.Count >= 14);
            // the certificates of the node, scraped with the token
            Assert.Equal(22.0, Assert.Single(await prometheus.QueryAsync("count(x509_cert_not_after)")).Value);
        }
        Assert.Equal(0, await watch.StopAsync(TimeSpan.FromSeconds(30)));
    }
}
