using System.Diagnostics;
using EventLog = Doomsday.Daemon.Logging.EventLog;
using System.Globalization;
using Doomsday.Core.Certificates;
using Doomsday.Core.Doctor;
using Doomsday.Core.Inventory;
using Doomsday.Daemon.AlertRounds;
using Doomsday.Daemon.Http;
using Doomsday.Daemon.Logging;
using Doomsday.Daemon.Web;
using Doomsday.Daemon.Workers;
using Doomsday.Watch.Alerting;
using Doomsday.Watch.Notifiers.Delivery;
using Doomsday.Watch.Probes;
using Doomsday.Watch.Probes.Tcp;
using Doomsday.Watch.Store;

namespace Doomsday.Bench;

/// <summary>
/// <c>web</c>: every page of the daemon rendered against a large state — 10,000 certificates (under 40 CAs, with
/// a renewal cliff), 1,000 probes (50 down, 60 recent results each in memory, 24 h of history in the store for
/// the probe page), 1,000 alerts and 500 incidents with 8 events each — served by the daemon's own HTTP server
/// on loopback. Prints, per page, the server-side time (the page's <c>Server-Timing: render</c>: reading the
/// state and writing the HTML) and the time a client on the same machine waited, median / p95 / max over
/// <c>--runs</c> requests after 3 warm-up ones, and the page size.
/// </summary>
internal static class WebBenchmark
{
    public static int Run(string[] args)
    {
        var runs = Arg(args, "--runs", 30);
        var certs = Arg(args, "--certificates", 10_000);
        var probeCount = Arg(args, "--probes", 1_000);
        var incidentCount = Arg(args, "--incidents", 500);
        Machine.Print();
        var dir = Directory.CreateTempSubdirectory("doomsday-web-bench-").FullName;
        try
        {
            return RunAsync(dir, runs, certs, probeCount, incidentCount).GetAwaiter().GetResult();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<int> RunAsync(string dir, int runs, int certCount, int probeCount, int incidentCount)
    {
        var now = DateTimeOffset.UtcNow;
        var seed = Stopwatch.StartNew();
        using var store = DoomsdayStore.Open(Path.Combine(dir, "doomsday.db"), TimeProvider.System);
        var snapshot = Inventory(now, certCount);
        var probes = Probes(now, probeCount);
        var recent = new RecentProbeResults();
        var history = new List<StoredProbeResult>();
        foreach (var p in probes)
            for (var i = 0; i < RecentProbeResults.PerProbe; i++)
                recent.Add(new StoredProbeResult(p.Probe.Name, now.AddSeconds(-15 * (RecentProbeResults.PerProbe - i)), i % 17 != 0, TimeSpan.FromMilliseconds(2 + i % 9), i % 17 != 0 ? null : "connect_refused", ""));
        // a day of 15 s runs for the probe the page shows, and the last hour of every other one (the table's index must carry the load)
        for (var i = 0; i < 5760; i++) history.Add(new StoredProbeResult("probe-0000", now.AddSeconds(-15 * i), i % 50 != 0, TimeSpan.FromMilliseconds(3 + i % 7), null, ""));
        foreach (var p in probes) for (var i = 0; i < 240; i++) history.Add(new StoredProbeResult(p.Probe.Name, now.AddSeconds(-15 * i), true, TimeSpan.FromMilliseconds(4), null, ""));
        store.ProbeResults.Add(history);
        SeedIncidents(store, now, incidentCount);
        var states = Alerts(now, snapshot, probes);
        var engine = new AlertEngine(new AlertingOptions(), TimeProvider.System, states);
        var outbox = new Outbox(store, [], new DeliverySettings());
        var writer = new DecisionWriter(store, outbox, _ => null, EventLog.Null);
        var sources = new WebSources
        {
            Inventory = () => snapshot, Probes = () => probes, Recent = recent, Engine = engine, Writer = writer, Store = store,
            Time = TimeProvider.System, Token = () => null,
        };
        Console.WriteLine($"state: {certCount} certificates, {probeCount} probes ({probes.Count(p => p.State == ProbeState.Down)} down), {states.Count} alerts, {incidentCount} incidents, {history.Count} probe results in the store; seeded in {seed.Elapsed.TotalSeconds:0.0} s");

        ListenAddress.TryParse("127.0.0.1:0", out var listen, out _);
        await using var server = DaemonHttpServer.Create(listen!, new ServerSettings(), () => null, EventLog.Null, [], new WebEndpoints(sources));
        await server.StartAsync(CancellationToken.None);
        using var http = new HttpClient { BaseAddress = server.BaseUrl };
        var incidentId = store.Incidents.OpenedSince(now.AddDays(-400)).Last().Id;
        var pages = new (string Name, string Path)[]
        {
            ("overview", "/"),
            ("certificates", "/certificates"),
            ("certificates, by name, page 50", "/certificates?sort=name&page=50"),
            ("certificates, text filter", "/certificates?q=svc-12"),
            ("certificate (a CA)", "/certificates/" + snapshot.Certificates[0].Certificate.FingerprintSha256),
            ("probes", "/probes"),
            ("probe (24 h chart)", "/probes/probe-0000"),
            ("alerts", "/alerts"),
            ("alert", "/alerts/" + states[0].Fingerprint),
            ("incidents (30 days)", "/incidents"),
            ("incidents (365 days)", "/incidents?days=365"),
            ("incident", $"/incidents/{incidentId}"),
            ("post-mortem draft", $"/incidents/{incidentId}/postmortem.md"),
        };
        Console.WriteLine($"{"page",-32} {"server ms: median",18} {"p95",7} {"max",7}   {"client ms: median",18} {"p95",7}   {"size",9}");
        var worst = 0.0;
        foreach (var (name, path) in pages)
        {
            var server_ = new List<double>();
            var client = new List<double>();
            long size = 0;
            for (var i = 0; i < runs + 3; i++)
            {
                var sw = Stopwatch.StartNew();
                using var response = await http.GetAsync(path);
                var body = await response.Content.ReadAsByteArrayAsync();
                sw.Stop();
                if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{path}: {(int)response.StatusCode}");
                if (i < 3) continue;
                size = body.Length;
                client.Add(sw.Elapsed.TotalMilliseconds);
                if (response.Headers.TryGetValues("Server-Timing", out var timing))
                    server_.Add(double.Parse(timing.First().Split("dur=")[1], CultureInfo.InvariantCulture));
            }
            var s = server_.Count > 0 ? server_ : client;
            worst = Math.Max(worst, Percentile(s, 0.95));
            Console.WriteLine($"{name,-32} {Percentile(s, 0.5),18:0.0} {Percentile(s, 0.95),7:0.0} {s.Max(),7:0.0}   {Percentile(client, 0.5),18:0.0} {Percentile(client, 0.95),7:0.0}   {size / 1024.0,7:0} KiB");
        }
        Console.WriteLine($"slowest page at p95: {worst:0.0} ms server-side (budget 300 ms)");
        return 0;
    }

    internal static InventorySnapshot Inventory(DateTimeOffset now, int count)
    {
        var list = new List<FoundCertificate>(count);
        const int cas = 40;
        for (var i = 0; i < cas; i++)
            list.Add(new FoundCertificate(Cert($"ca-{i}", $"ca-{i}", now.AddYears(-1), now.AddDays(400 + 90 * i), true, $"ca{i}", null), new FileSourceRef($"/etc/pki/ca-{i}.crt")) { Name = i == 0 ? "ca" : null });
        var random = new Random(42);
        for (var i = cas; i < count; i++)
        {
            // a third made the same day (the cliff), the rest spread over two years, a few expired
            var days = i % 3 == 0 ? 143 : random.Next(-10, 730);
            var ca = i % cas;
            SourceRef source = i % 4 == 0
                ? new Doomsday.Core.Sources.Cluster.ClusterSourceRef(i % 8 == 0 ? "prod" : "staging", "Secret", $"ns-{i % 50}", $"tls-{i}", "tls.crt")
                : new FileSourceRef($"/srv/tls/svc-{i}/tls.crt");
            list.Add(new FoundCertificate(Cert($"svc-{i}", $"ca-{ca}", now.AddDays(days - 365), now.AddDays(days), false, null, $"ca{ca}"), source));
        }
        return new InventorySnapshot(now, list, [], [], Thresholds.Default);
    }

    private static CertificateInfo Cert(string cn, string issuer, DateTimeOffset notBefore, DateTimeOffset notAfter, bool ca, string? ski, string? aki) => new()
    {
        Version = 3, Subject = "CN=" + cn, SubjectCommonName = cn, Issuer = "CN=" + issuer, IssuerCommonName = issuer,
        SerialNumber = Convert.ToHexString(System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes(cn)))[..16],
        FingerprintSha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(cn))),
        NotBefore = notBefore, NotAfter = notAfter, Sans = new SubjectAlternativeNames([cn + ".svc.cluster.local"], [], [], []),
        KeyUsage = [], ExtendedKeyUsage = ["serverAuth"], IsCa = ca, PathLength = null, PublicKeyAlgorithm = "ECDSA", PublicKeySize = 256,
        SignatureAlgorithm = "ecdsa-with-SHA256", SubjectKeyId = ski, AuthorityKeyId = aki, SelfIssued = ca, SubjectPublicKeyInfo = Array.Empty<byte>(), Der = Array.Empty<byte>(),
    };

    private static List<ProbeStatus> Probes(DateTimeOffset now, int count) =>
        Enumerable.Range(0, count).Select(i =>
        {
            var probe = new TcpProbeOptions { Name = $"probe-{i:0000}", Address = $"10.0.{i / 250}.{i % 250}:443" };
            var down = i % 20 == 7;
            var result = down ? ProbeResult.Fail(TimeSpan.FromMilliseconds(3), "connect_refused", "connection refused") : ProbeResult.Ok(TimeSpan.FromMilliseconds(2 + i % 9));
            return new ProbeStatus(probe, down ? ProbeState.Down : ProbeState.Up, now.AddMinutes(-30), result, now.AddSeconds(-3), down ? 5 : 0, down ? 0 : 100);
        }).ToList();

    private static List<AlertState> Alerts(DateTimeOffset now, InventorySnapshot snapshot, List<ProbeStatus> probes)
    {
        var states = new List<AlertState>();
        foreach (var p in probes.Where(p => p.State == ProbeState.Down))
            states.Add(State($"{states.Count:x16}", "ProbeDown", new Dictionary<string, string> { ["probe"] = p.Probe.Name, ["kind"] = "tcp", ["instance"] = p.Probe.Target }, "critical", now));
        foreach (var c in snapshot.Certificates.Where(c => c.Certificate.NotAfter < now.AddDays(90)).Take(1000 - states.Count))
            states.Add(State($"{states.Count:x16}", "CertificateExpiry", new Dictionary<string, string> { ["source"] = c.Source.Display, ["subject"] = c.Certificate.SubjectCommonName!, ["serial"] = c.Certificate.SerialNumber }, "warning", now));
        return states;
    }

    private static AlertState State(string fp, string name, Dictionary<string, string> labels, string severity, DateTimeOffset now) => new()
    {
        Fingerprint = fp, Name = name, Source = "bench", Labels = labels, Severity = severity, Summary = $"{name} {string.Join(" ", labels.Values)}",
        Status = AlertStatus.Firing, FirstSeenAt = now.AddMinutes(-40), FiringAt = now.AddMinutes(-39), Sequence = 1, LastNotifiedAt = now.AddMinutes(-39),
    };

    private static void SeedIncidents(DoomsdayStore store, DateTimeOffset now, int count)
    {
        using var tx = store.BeginTransaction();
        for (var i = 0; i < count; i++)
        {
            var fp = $"{i + 100000:x16}";
            var start = now.AddHours(-i * 17.5);
            void E(double s, string kind, string detail, string? notifier = null, string? id = null) =>
                store.Incidents.Record(fp, "ProbeDown", new IncidentEvent(start.AddSeconds(s), kind, detail, notifier, id), tx);
            E(0, IncidentEventKinds.FirstFailure, "tcp probe probe-0007 is down (connect_refused)");
            E(30, IncidentEventKinds.Firing, "tcp probe probe-0007 is down (connect_refused)");
            E(30, "notified", "firing to slack", "slack");
            E(31, IncidentEventKinds.NotificationRetry, "firing: attempt 1: 429 (next in 2s)", "slack", fp + "-1-1-firing");
            E(34, IncidentEventKinds.NotificationSent, "firing: attempt 2: 200 OK", "slack", fp + "-1-1-firing");
            E(400, IncidentEventKinds.Acknowledged, "by ada: on it");
            if (i == 0) continue; // the newest stays open
            E(1800, IncidentEventKinds.Resolved, "tcp probe probe-0007 is down (connect_refused)");
            E(1801, IncidentEventKinds.NotificationSent, "resolved: attempt 1: 200 OK", "slack", fp + "-1-2-resolved");
        }
        tx.Commit();
    }

    internal static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];
    }

    internal static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
    }
}
