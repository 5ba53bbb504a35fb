using Doomsday.Core.Configuration;
using Doomsday.Watch.Configuration;

namespace Doomsday.Watch.Tests.Configuration;

public sealed class ConfigRendererTests
{
    private const string Yaml = """
        certificates: { paths: [/srv/certs], endpoints: ["10.0.0.2:443,sni=api.example.com"], interval: 2h }
        thresholds: { warning: 60d, critical: 20d, emergency: 5d }
        escalation: [ {below: 30d, every: 1d}, {below: -1d, every: 10m} ]
        probes:
          - { name: shop, kind: http, url: "https://shop.example.com/x?a=1", expect: {status: [200, 301], bodyRegex: "^ok: \"yes\"", maxLatency: 1500ms}, labels: {team: web} }
          - { name: dns, kind: dns, server: 10.96.0.10, query: example.com, tcp: true, expect: {answers: ["1.2.3.4"]} }
        notifiers:
          - { name: am, kind: alertmanager, urls: ["http://am-0:9093"] }
        routes: [ { notifiers: [am], severities: [critical], for: 90s } ]
        maintenance: [ { name: w, start: "2026-03-01T22:00:00Z", end: "2026-03-02T02:00:00Z" } ]
        store: { path: /var/lib/doomsday/db.sqlite, retention: { incidents: 1y } }
        heartbeat: { url: "https://hc.example.com/abc", method: POST }
        """;

    private static WatchOptions Load(string text)
    {
        var r = WatchConfigLoader.Parse(text, "x.yaml", "/cfg", _ => null);
        Assert.True(r.IsValid, string.Join("\n", r.Errors) + "\n" + text);
        return r.Config!;
    }

    [Fact]
    public void Render_LoadedAgain_SameConfigExceptRedactedSecrets()
    {
        var config = Load(Yaml);

        var rendered = ConfigRenderer.Render(config);
        var again = Load(rendered.Replace(RedactedPrinter.Redacted, "https://hc.example.com/abc"));

        Assert.Equal(rendered, ConfigRenderer.Render(again));
        Assert.Equal(config.Thresholds, again.Thresholds);
        Assert.Equal(config.Escalation, again.Escalation);
        Assert.Equal(config.Store, again.Store);
        Assert.Equal(config.Maintenance[0].Start, again.Maintenance[0].Start);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), ((Doomsday.Watch.Probes.Http.HttpProbeOptions)again.Probes[0]).MaxLatency);
        Assert.Equal("^ok: \"yes\"", ((Doomsday.Watch.Probes.Http.HttpProbeOptions)again.Probes[0]).BodyRegex);
    }

    [Fact]
    public void Render_Secret_Redacted()
    {
        var rendered = ConfigRenderer.Render(Load(Yaml));

        Assert.DoesNotContain("hc.example.com/abc", rendered);
        Assert.Contains("  url: \"<redacted>\"", rendered);
        Assert.Contains("    expect:\n      status: [200, 301]\n", rendered);
    }
}
