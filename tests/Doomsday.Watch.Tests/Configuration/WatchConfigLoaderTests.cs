using Doomsday.Core.Certificates;
using Doomsday.Core.Configuration;
using Doomsday.Watch.Alerting;
using Doomsday.Watch.Configuration;
using Doomsday.Watch.Notifiers;
using Doomsday.Watch.Notifiers.Alertmanager;
using Doomsday.Watch.Notifiers.Email;
using Doomsday.Watch.Notifiers.Slack;
using Doomsday.Watch.Notifiers.Webhook;
using Doomsday.Watch.Probes;
using Doomsday.Watch.Probes.ApiServer;
using Doomsday.Watch.Probes.Dns;
using Doomsday.Watch.Probes.Etcd;
using Doomsday.Watch.Probes.Http;
using Doomsday.Watch.Probes.Tcp;

namespace Doomsday.Watch.Tests.Configuration;

public sealed class WatchConfigLoaderTests
{
    private static string Good(string name) => Path.Combine(RepoPaths.Root, "tests", "testdata", "config", "good", name);

    private static Func<string, string?> Env(params (string Name, string Value)[] vars) =>
        name => vars.FirstOrDefault(v => v.Name == name).Value;

    private static WatchOptions LoadValid(string path, Func<string, string?> env)
    {
        var result = WatchConfigLoader.Load(path, env);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Empty(result.Errors);
        return result.Config!;
    }

    private static ConfigLoadResult Parse(string yaml, Func<string, string?>? env = null) =>
        WatchConfigLoader.Parse(yaml, "test.yaml", "/cfg", env ?? (_ => null));

    [Fact]
    public void Load_IssueExample_BindsEverySectionAsWritten()
    {
        var path = Good("issue-example.yaml");
        var dir = Path.GetDirectoryName(path)!;
        var c = LoadValid(path, Env(("SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T0/B0/XYZ")));

        Assert.Equal(path, c.SourcePath);
        Assert.Equal("/etc/kubernetes", c.Certificates.Kubeadm);
        Assert.Equal([Path.Combine(dir, "pki", "extra.crt")], c.Certificates.Paths);
        Assert.Equal([Path.Combine(dir, "admin.conf")], c.Certificates.Kubeconfigs);
        Assert.Equal(TimeSpan.FromHours(1), c.Certificates.Interval);
        Assert.Equal(2, c.Certificates.EndpointTargets.Count);
        Assert.Equal(("10.0.0.2", 443, "api.example.com"), (c.Certificates.EndpointTargets[1].Host, c.Certificates.EndpointTargets[1].Port, c.Certificates.EndpointTargets[1].Sni));
        Assert.Equal(new Thresholds(TimeSpan.FromDays(90), TimeSpan.FromDays(30), TimeSpan.FromDays(7)), c.Thresholds);
        Assert.Equal(EscalationStep.Default, c.Escalation);

        Assert.Equal(["apiserver", "etcd", "http", "dns", "tcp"], c.Probes.Select(p => p.Kind));
        var api = Assert.IsType<ApiServerProbeOptions>(c.Probes[0]);
        Assert.Equal(("apiserver", "https://10.0.0.1:6443", TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(5), 2), (api.Name, api.Url, api.Interval, api.Timeout, api.FailureThreshold));
        var etcd = Assert.IsType<EtcdProbeOptions>(c.Probes[1]);
        Assert.Equal(Path.Combine(dir, "pki", "etcd", "ca.crt"), etcd.Tls!.Ca);
        Assert.Equal(Path.Combine(dir, "pki", "etcd", "healthcheck-client.key"), etcd.Tls.Key);
        var shop = Assert.IsType<HttpProbeOptions>(c.Probes[2]);
        Assert.Equal([200], shop.ExpectStatus);
        Assert.Equal("ok", shop.BodyContains);
        Assert.Equal("GET", shop.Method);
        var dns = Assert.IsType<DnsProbeOptions>(c.Probes[3]);
        Assert.Equal(("10.96.0.10:53", "kubernetes.default.svc.cluster.local", "A"), (dns.Server, dns.Query, dns.RecordType));
        Assert.Equal("10.0.0.5:22", Assert.IsType<TcpProbeOptions>(c.Probes[4]).Address);

        Assert.Equal("https://hooks.slack.com/services/T0/B0/XYZ", Assert.IsType<SlackNotifierOptions>(c.Notifiers[0]).Url);
        Assert.Equal("https://hooks.example.com/doomsday", Assert.IsType<WebhookNotifierOptions>(c.Notifiers[1]).Url);
        var mail = Assert.IsType<EmailNotifierOptions>(c.Notifiers[2]);
        Assert.Equal(["ops@example.com", "oncall@example.com"], mail.To);
        Assert.Equal("auto", mail.StartTls);
        Assert.Equal(["http://am-0:9093", "http://am-1:9093"], Assert.IsType<AlertmanagerNotifierOptions>(c.Notifiers[3]).Urls);

        Assert.Equal(2, c.Routes.Count);
        Assert.Equal(["critical", "emergency"], c.Routes[0].Severities);
        Assert.Equal(["oncall", "am"], c.Routes[0].Notifiers);
        Assert.Empty(c.Routes[1].Severities);
        Assert.Equal("127.0.0.1:9797", c.Server.Listen);
        Assert.Equal(Path.Combine(dir, "doomsday.db"), c.Store.Path);
        Assert.Null(c.Heartbeat);
    }

    [Fact]
    public void Load_Minimal_EverySectionTakesItsDefault()
    {
        var path = Good("minimal.yaml");
        var c = LoadValid(path, Env());

        Assert.Equal(Thresholds.Default, c.Thresholds);
        Assert.Same(EscalationStep.Default, c.Escalation);
        Assert.Equal(TimeSpan.FromHours(1), c.Certificates.Interval);
        Assert.Empty(c.Certificates.Paths);
        Assert.Null(c.Certificates.Cluster);
        Assert.Equal(ServerOptions.DefaultListen, c.Server.Listen);
        Assert.Null(c.Server.BearerToken);
        Assert.Equal(Path.Combine(Path.GetDirectoryName(path)!, StoreOptions.DefaultPath), c.Store.Path);
        Assert.Equal((TimeSpan.FromDays(7), TimeSpan.FromDays(90), TimeSpan.FromDays(30)), (c.Store.Retention.ProbeResults, c.Store.Retention.Incidents, c.Store.Retention.Snapshots));
        var ssh = Assert.IsType<TcpProbeOptions>(Assert.Single(c.Probes));
        Assert.Equal(("[::1]:22", TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(5), 2, 1, "critical"), (ssh.Address, ssh.Interval, ssh.Timeout, ssh.FailureThreshold, ssh.SuccessThreshold, ssh.Severity));
        Assert.Empty(c.Notifiers);
        Assert.Empty(c.Routes);
    }

    [Fact]
    public void Load_EnvAndEscapes_ValuesSubstitutedAsOneStringEscapesKept()
    {
        const string token = "tok: en # with 'quotes' and \"more\"";
        const string apiToken = "9f3a27c1-api-token-value";
        var c = LoadValid(Good("env-and-escapes.yaml"), Env(("DOOMSDAY_TEST_TOKEN", token), ("DOOMSDAY_TEST_API_TOKEN", apiToken), ("DOOMSDAY_TEST_HOOK_PATH", "a/b"), ("DOOMSDAY_TEST_TEAM", "sre"), ("DOOMSDAY_TEST_HC_UUID", "1234")));

        Assert.Equal(apiToken, c.Server.BearerToken);
        var hook = Assert.IsType<WebhookNotifierOptions>(Assert.Single(c.Notifiers));
        Assert.Equal("https://hooks.example.com/a/b?literal=${NOT_A_VAR}", hook.Url);
        Assert.Equal("Bearer " + token, hook.Headers["Authorization"]);
        var shop = Assert.IsType<HttpProbeOptions>(Assert.Single(c.Probes));
        Assert.Equal(token, shop.Headers["X-Token"]);
        Assert.Equal("sre", shop.Labels["team"]);
        Assert.Equal([200, 204], shop.ExpectStatus);
        Assert.Equal("^ok", shop.BodyRegex);
        Assert.Equal(TimeSpan.FromMilliseconds(500), shop.MaxLatency);
        Assert.Equal(("https://hc.example.com/ping/1234", TimeSpan.FromSeconds(30), "GET"), (c.Heartbeat!.Url, c.Heartbeat.Interval, c.Heartbeat.Method));
    }

    [Fact]
    public void ToString_ConfigWithSecrets_RedactsThemEverywhere()
    {
        const string token = "s3cr3t-t0ken-value";
        var c = LoadValid(Good("env-and-escapes.yaml"), Env(("DOOMSDAY_TEST_TOKEN", token), ("DOOMSDAY_TEST_API_TOKEN", token), ("DOOMSDAY_TEST_HOOK_PATH", "hookpath-secret"), ("DOOMSDAY_TEST_TEAM", "sre"), ("DOOMSDAY_TEST_HC_UUID", "uuid-secret")));

        var printed = c.ToString();

        Assert.DoesNotContain(token, printed);
        Assert.DoesNotContain("hookpath-secret", printed);
        Assert.DoesNotContain("uuid-secret", printed);
        Assert.Contains("BearerToken = " + RedactedPrinter.Redacted, printed);
        Assert.Contains("X-Token = " + RedactedPrinter.Redacted, printed);
        Assert.Contains("team = sre", printed); // labels are not secret
        Assert.Contains("Listen = 0.0.0.0:9797", printed);
        Assert.DoesNotContain(token, c.Notifiers[0].ToString());
        Assert.DoesNotContain(token, c.Probes[0].ToString());
        Assert.DoesNotContain("uuid-secret", c.Heartbeat!.ToString());
    }

    [Fact]
    public void Parse_BadValueFromEnv_MessageQuotesTheReferenceNotTheValue()
    {
        var r = Parse("probes:\n  - { name: a, kind: tcp, address: 10.0.0.1:22, interval: \"${INTERVAL}\" }\n", Env(("INTERVAL", "hunter2")));

        var e = Assert.Single(r.Errors);
        Assert.Equal((ConfigErrorCodes.InvalidDuration, "probes[0].interval", 2L, 59L), (e.Code, e.Field, e.Line, e.Column));
        Assert.Contains("'${INTERVAL}'", e.Message);
        Assert.DoesNotContain("hunter2", e.ToString());
    }

    [Fact]
    public void Parse_UndefinedEnvAfterOtherReferencesOnTheLine_ColumnOfTheScalar()
    {
        var r = Parse("heartbeat: { method: GET, url: \"https://${HOST}/${MISSING}\" }\n", Env(("HOST", "h.example.com")));

        var e = Assert.Single(r.Errors);
        Assert.Equal((ConfigErrorCodes.UndefinedEnv, "heartbeat.url", 1L, 32L), (e.Code, e.Field, e.Line, e.Column));
        Assert.Equal("environment variable MISSING is not set", e.Message);
    }

    [Fact]
    public void Parse_KeyWrittenAtTheWrongLevel_SuggestsTheNestedKey()
    {
        var r = Parse("probes:\n  - { name: a, kind: http, url: https://a.example.com, status: [200] }\n");

        var e = Assert.Single(r.Errors);
        Assert.Equal(ConfigErrorCodes.UnknownField, e.Code);
        Assert.Equal("unknown field 'status' (did you mean 'expect.status'?)", e.Message);
    }

    [Fact]
    public void Parse_Typo_SuggestsNearestKey()
    {
        var r = Parse("probes:\n  - { name: a, kind: tcp, address: 10.0.0.1:22, failureTreshold: 3 }\n");

        Assert.Equal("unknown field 'failureTreshold' (did you mean 'failureThreshold'?)", Assert.Single(r.Errors).Message);
    }

    [Fact]
    public void Parse_UnknownKind_ListsEveryRegisteredKind()
    {
        var probe = Assert.Single(Parse("probes:\n  - { name: a, kind: htp }\n").Errors);
        var notifier = Assert.Single(Parse("notifiers:\n  - { name: a, kind: pagerduty }\n").Errors);

        Assert.StartsWith("unknown probe kind 'htp' (did you mean 'http'?)", probe.Message);
        Assert.All(ProbeKinds.All, k => Assert.Contains(k.Name, probe.Message));
        Assert.All(NotifierKinds.All, k => Assert.Contains(k.Name, notifier.Message));
    }

    [Fact]
    public void Parse_RouteToUndefinedNotifier_NamesTheDefinedOnes()
    {
        var r = Parse("notifiers:\n  - { name: oncall, kind: webhook, url: https://h.example.com }\nroutes:\n  - notifiers: [oncal]\n");

        Assert.Equal("no notifier named 'oncal' (did you mean 'oncall'?); defined: oncall", Assert.Single(r.Errors).Message);
    }

    [Fact]
    public void Parse_ListenElsewhereWithToken_Valid()
    {
        var r = Parse("server: { listen: \"[::]:9797\", bearerToken: ${T} }\n", Env(("T", "0123456789abcdef0123")));

        Assert.True(r.IsValid, string.Join("\n", r.Errors));
        Assert.Equal("[::]:9797", r.Config!.Server.Listen);
    }

    [Theory]
    [InlineData("localhost:9797")]
    [InlineData("127.0.0.2:9797")]
    [InlineData("[::1]:9797")]
    public void Parse_LoopbackListenWithoutToken_Valid(string listen)
    {
        Assert.True(Parse($"server: {{ listen: \"{listen}\" }}\n").IsValid);
    }

    [Fact]
    public void Parse_EscalationAfterExpiry_NegativeBelowAccepted()
    {
        var r = Parse("escalation:\n  - {below: 7d, every: 1h}\n  - {below: 0s, every: 15m}\n  - {below: -1d, every: 5m}\n");

        Assert.True(r.IsValid, string.Join("\n", r.Errors));
        Assert.Equal(TimeSpan.FromDays(-1), r.Config!.Escalation[2].Below);
    }

    [Fact]
    public void Parse_PartialThresholds_OthersFromDefault()
    {
        var r = Parse("thresholds: { warning: 60d }\n");

        Assert.Equal(Thresholds.Default with { Warning = TimeSpan.FromDays(60) }, r.Config!.Thresholds);
    }

    [Fact]
    public void Parse_RoutesAndMaintenance_Bound()
    {
        var r = Parse("""
            notifiers: [ { name: n, kind: webhook, url: "https://h.example.com" } ]
            routes:
              - { notifiers: [n], labels: { team: "~sre|ops" }, continue: true, for: 5m }
            maintenance:
              - { name: upgrade, start: "2026-03-01T22:00:00Z", end: "2026-03-02T02:00:00+01:00", labels: { cluster: prod } }
            """);

        Assert.True(r.IsValid, string.Join("\n", r.Errors));
        var route = Assert.Single(r.Config!.Routes);
        Assert.Equal(("~sre|ops", true, TimeSpan.FromMinutes(5)), (route.Labels["team"], route.Continue, route.For));
        var window = Assert.Single(r.Config.Maintenance);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 22, 0, 0, TimeSpan.Zero), window.Start);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero), window.End.ToUniversalTime());
        Assert.Equal("prod", window.Labels["cluster"]);
    }

    [Fact]
    public void Parse_EmptyDocument_DefaultConfig()
    {
        var r = Parse("# nothing yet\n");

        Assert.True(r.IsValid);
        Assert.Empty(r.Config!.Probes);
    }

    [Fact]
    public void Load_MissingFile_UnreadableError()
    {
        var r = WatchConfigLoader.Load("/nonexistent/doomsday.yaml", _ => null);

        var e = Assert.Single(r.Errors);
        Assert.Equal((ConfigErrorCodes.Unreadable, "/nonexistent/doomsday.yaml"), (e.Code, e.File));
        Assert.Null(r.Config);
    }

    [Fact]
    public void Load_FileFixedAfterError_SecondLoadValid()
    {
        // The daemon's reload: an invalid file gives errors and no config (it keeps the old one); once fixed it loads.
        using var dir = new TempDir();
        var path = dir.File("doomsday.yaml", "probes:\n  - { name: a, kind: tcp, address: nowhere }\n");
        var bad = WatchConfigLoader.Load(path, _ => null);
        File.WriteAllText(path, "probes:\n  - { name: a, kind: tcp, address: nowhere:22 }\n");
        var good = WatchConfigLoader.Load(path, _ => null);

        Assert.False(bad.IsValid);
        Assert.Equal(ConfigErrorCodes.InvalidAddress, Assert.Single(bad.Errors).Code);
        Assert.True(good.IsValid);
        Assert.Equal(Path.Combine(dir.Path, "doomsday.db"), good.Config!.Store.Path);
    }

    [Fact]
    public void ConfigError_ToString_CompilerStyle()
    {
        var e = new ConfigError("doomsday.yaml", 12, 7, "probes[2].url", ConfigErrorCodes.MissingField, "missing required field 'url'");

        Assert.Equal("doomsday.yaml:12:7: probes[2].url: missing required field 'url' [missing_field]", e.ToString());
    }

    /// <summary>A config of 60,000 nested '[' killed config check, watch and a running daemon's reload (stack overflow).</summary>
    [Fact]
    public void Parse_SixtyThousandNestedBrackets_OneYamlLimitError()
    {
        var r = Parse("probes: " + new string('[', 60_000) + new string(']', 60_000) + "\n");

        Assert.Null(r.Config);
        var e = Assert.Single(r.Errors);
        Assert.Equal((ConfigErrorCodes.YamlLimit, 1L, 9L + Doomsday.Core.Yaml.YamlLimits.MaxDepth - 1), (e.Code, e.Line, e.Column));
    }

    [Fact]
    public void Load_FileOverTheSizeLimit_YamlLimitWithoutReadingIt()
    {
        using var dir = new TempDir();
        var path = dir.File("big.yaml", new byte[WatchConfigLoader.MaxFileSize + 1]);

        var r = WatchConfigLoader.Load(path, _ => null);

        Assert.Equal(ConfigErrorCodes.YamlLimit, Assert.Single(r.Errors).Code);
        Assert.Contains("MiB", r.Errors[0].Message);
    }

    /// <summary>What config check accepts is what the engine runs: each route regex it lets through compiles in the engine's matcher.</summary>
    [Theory]
    [InlineData("~(unclosed", false)]
    [InlineData("~[z-a]", false)]
    [InlineData("~a{2,1}", false)]
    [InlineData("~prod|staging", true)]
    [InlineData("~", true)]
    [InlineData("(not a regex, a literal", true)]
    public void Parse_RouteLabelPattern_AcceptedExactlyWhenTheEngineCanMatchIt(string pattern, bool valid)
    {
        var yaml = $"notifiers: [{{ name: ops, kind: webhook, url: https://h.example.com/x }}]\nroutes: [{{ notifiers: [ops], labels: {{ probe: \"{pattern}\" }} }}]\n";

        var r = Parse(yaml);
        var engineFails = Record.Exception(() => Doomsday.Watch.Alerting.LabelPattern.Matches(pattern, "x"));

        Assert.Equal(valid, r.IsValid);
        Assert.Equal(valid, engineFails is null);
        if (!valid) Assert.Equal(("routes[0].labels.probe", ConfigErrorCodes.InvalidValue), (r.Errors[0].Field, r.Errors[0].Code));
    }

    [Fact]
    public void Parse_LabelsMetricsAndSecretTypes_BoundAsTheExportersSettings()
    {
        var c = Parse("""
            labels: {cluster: prod, region: eu-west-1}
            metrics:
              trimPathComponents: 2
              exposeSubjectFields: [CN, o]
              exposePerCertError: true
            certificates:
              cluster:
                secretTypes:
                  - {type: kubernetes.io/tls, key: tls.crt}
                  - {type: Opaque, keyPatterns: ['\.pem$']}
            """).Config!;

        Assert.Equal(new Dictionary<string, string> { ["cluster"] = "prod", ["region"] = "eu-west-1" }, c.Labels);
        Assert.Equal(2, c.Metrics.TrimPathComponents);
        Assert.Equal(["CN", "o"], c.Metrics.ExposeSubjectFields);
        Assert.True(c.Metrics.ExposePerCertError);
        Assert.False(Doomsday.Core.Reporting.MetricsOptions.Default.ExposePerCertError); // the exporter's default
        var patterns = c.Certificates.Cluster!.SecretPatterns;
        Assert.Equal(["kubernetes.io/tls", "Opaque"], patterns.Select(p => p.Type));
        Assert.True(patterns[0].Matches("tls.crt"));
        Assert.False(patterns[0].Matches("tls.crtx"));
        Assert.True(patterns[1].Matches("server.pem"));
    }

    [Fact]
    public void Parse_LabelsSeverityNamesExternalUrl_Bound()
    {
        var r = Parse("""
            labels: { cluster: prod, node: "${NODE}" }
            notifiers:
              - { name: am, kind: alertmanager, urls: [http://127.0.0.1:9093], severities: { emergency: critical, expired: critical } }
            server: { externalUrl: "https://doomsday.example.com/" }
            """, Env(("NODE", "worker-1")));

        Assert.True(r.IsValid, string.Join("\n", r.Errors));
        Assert.Equal(new Dictionary<string, string> { ["cluster"] = "prod", ["node"] = "worker-1" }, r.Config!.Labels);
        var am = Assert.Single(r.Config.Notifiers);
        Assert.Equal("critical", am.SeverityName("expired"));
        Assert.Equal("warning", am.SeverityName("warning"));
        Assert.Equal("https://doomsday.example.com/", r.Config.Server.ExternalUrl);
    }

    [Fact]
    public void Parse_BadLabelName_MessageSaysWhy()
    {
        var r = Parse("labels:\n  node-name: a\n  __x: b\n");

        Assert.Equal(
        [
            "'node-name' is not a label name (letters, digits and _, not starting with a digit)",
            "'__x' starts with __, which Prometheus reserves for its own labels",
        ], r.Errors.Select(e => e.Message));
    }
}
