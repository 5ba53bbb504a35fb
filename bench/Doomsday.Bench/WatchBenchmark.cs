using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Doomsday.Bench;

/// <summary>
/// <c>watch</c>: N HTTPS targets on loopback (one nginx, one server block listening on N ports), probed
/// every 10 s for a while by <c>doomsday watch</c>, then by prometheus-blackbox-exporter driven by
/// Prometheus (rules every 1 s, <c>for: 0s</c>) and Alertmanager (<c>group_wait: 0s</c>), one after the
/// other in the same session. For each side: CPU seconds and peak RSS of its processes over the run, and
/// detection latency per target — nginx killed → the target's first firing notification at a local
/// webhook receiver — as p50/p99. Both sides fire on the first failed probe (doomsday
/// <c>failureThreshold: 1</c>; Prometheus <c>probe_success == 0</c>, <c>for: 0s</c>).
/// </summary>
internal static class WatchBenchmark
{
    private const int IntervalSeconds = 10;

    public static int Run(BenchOptions options)
    {
        Machine.Print();
        var doomsday = DoomsdayBuild.Locate(options);
        if (doomsday is null) return 1;
        foreach (var (bin, pkg) in new[] { ("/usr/sbin/nginx", "nginx"), ("/usr/bin/prometheus", "prometheus"), ("/usr/bin/prometheus-blackbox-exporter", "prometheus-blackbox-exporter"), ("/usr/bin/prometheus-alertmanager", "prometheus-alertmanager") })
        {
            if (!File.Exists(bin))
            {
                Console.Error.WriteLine($"{bin} is missing: apt-get install {pkg}");
                return 1;
            }
        }
        var work = Path.Combine(options.WorkDir, "watch");
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        Directory.CreateDirectory(work);
        var ports = FreePorts(options.Targets + 5);
        var targets = ports.Take(options.Targets).ToList();
        var (receiverPort, daemonPort, blackboxPort, prometheusPort, alertmanagerPort) = (ports[^5], ports[^4], ports[^3], ports[^2], ports[^1]);
        var caFile = WriteCertificates(work);
        Console.WriteLine($"watch: {targets.Count} HTTPS targets on 127.0.0.1, probed every {IntervalSeconds}s for {options.Seconds}s per side");

        using var receiver = new AlertReceiver(receiverPort);
        var rows = new List<(string Side, double Cpu, double Rss, string Detail, IReadOnlyList<double> Latencies, int Expected)>();

        // doomsday watch
        {
            using var nginx = StartNginx(work, targets);
            var config = Path.Combine(work, "doomsday.yaml");
            File.WriteAllText(config, DoomsdayConfig(targets, caFile, receiver.Url, daemonPort, Path.Combine(work, "doomsday.db")));
            using var daemon = new BenchProcess("doomsday", doomsday, ["watch", "--config", config], work);
            var (cpu, latencies) = Measure(options, receiver, nginx, [daemon]);
            rows.Add(("doomsday watch", cpu[0], daemon.PeakRssMiB(), "1 process", latencies, targets.Count));
        }

        // blackbox_exporter + Prometheus + Alertmanager
        if (Environment.GetEnvironmentVariable("DOOMSDAY_BENCH_SKIP_BLACKBOX") != "1")
        {
            receiver.Reset();
            using var nginx = StartNginx(work, targets);
            var bbConfig = Path.Combine(work, "blackbox.yml");
            File.WriteAllText(bbConfig, $"modules:\n  https_2xx:\n    prober: http\n    timeout: 5s\n    http:\n      tls_config:\n        ca_file: {caFile}\n");
            var amConfig = Path.Combine(work, "alertmanager.yml");
            File.WriteAllText(amConfig, $"route:\n  receiver: hook\n  group_by: [instance]\n  group_wait: 0s\n  group_interval: 1s\n  repeat_interval: 1h\nreceivers:\n  - name: hook\n    webhook_configs:\n      - url: {receiver.Url}\n        send_resolved: false\n");
            var rules = Path.Combine(work, "rules.yml");
            File.WriteAllText(rules, "groups:\n  - name: probes\n    rules:\n      - alert: ProbeDown\n        expr: probe_success == 0\n        for: 0s\n");
            var promConfig = Path.Combine(work, "prometheus.yml");
            File.WriteAllText(promConfig, PrometheusConfig(targets, blackboxPort, alertmanagerPort, rules));
            using var blackbox = new BenchProcess("blackbox_exporter", "/usr/bin/prometheus-blackbox-exporter", [$"--config.file={bbConfig}", $"--web.listen-address=127.0.0.1:{blackboxPort}"], work);
            using var alertmanager = new BenchProcess("alertmanager", "/usr/bin/prometheus-alertmanager",
                [$"--config.file={amConfig}", $"--storage.path={Path.Combine(work, "am")}", $"--web.listen-address=127.0.0.1:{alertmanagerPort}", "--cluster.listen-address="], work);
            using var prometheus = new BenchProcess("prometheus", "/usr/bin/prometheus",
                [$"--config.file={promConfig}", $"--storage.tsdb.path={Path.Combine(work, "prom")}", $"--web.listen-address=127.0.0.1:{prometheusPort}"], work);
            var (cpu, latencies) = Measure(options, receiver, nginx, [blackbox, prometheus, alertmanager]);
            rows.Add(("blackbox_exporter", cpu[0], blackbox.PeakRssMiB(), "prober alone", latencies, targets.Count));
            rows.Add(("  + Prometheus + Alertmanager", cpu.Sum(), blackbox.PeakRssMiB() + prometheus.PeakRssMiB() + alertmanager.PeakRssMiB(),
                $"prometheus {cpu[1]:F1} s / {prometheus.PeakRssMiB():F0} MiB, alertmanager {cpu[2]:F1} s / {alertmanager.PeakRssMiB():F0} MiB", latencies, targets.Count));
        }

        Console.WriteLine();
        Console.WriteLine($"{"side",-32} {"CPU s",8} {"CPU %",6} {"peak RSS MiB",13} {"detect p50 s",13} {"detect p99 s",13} {"detected",9}  note");
        foreach (var r in rows)
        {
            var sorted = r.Latencies.Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Side,-32} {r.Cpu,8:F1} {100 * r.Cpu / options.Seconds,6:F1} {r.Rss,13:F0} {Percentile(sorted, 0.50),13:F2} {Percentile(sorted, 0.99),13:F2} {sorted.Count,4}/{r.Expected,-4}  {r.Detail}"));
        }
        Console.WriteLine($"CPU: user+system seconds over the {options.Seconds}s steady window (after one interval of warm-up). Detection: nginx killed → first firing notification per target.");
        return 0;
    }

    /// <summary>Warm-up of one interval, then the steady window (CPU counted), then nginx killed and notifications awaited.</summary>
    private static (double[] Cpu, IReadOnlyList<double> Latencies) Measure(BenchOptions options, AlertReceiver receiver, BenchProcess nginx, BenchProcess[] side)
    {
        Thread.Sleep(TimeSpan.FromSeconds(IntervalSeconds + 5));
        foreach (var p in side)
            if (p.HasExited) throw new InvalidOperationException($"{p.Name} exited:\n{p.Tail()}");
        var start = side.Select(p => p.CpuSeconds()).ToArray();
        Thread.Sleep(TimeSpan.FromSeconds(options.Seconds));
        var cpu = side.Select((p, i) => p.CpuSeconds() - start[i]).ToArray();
        Console.WriteLine($"  before the stop: peak RSS so far {string.Join(", ", side.Select(p => $"{p.Name} {p.PeakRssMiB():F0} MiB"))}");
        if (receiver.Count > 0) Console.WriteLine($"  warning: {receiver.Count} alerts fired before the targets were stopped");
        receiver.Reset();
        var stoppedAt = Stopwatch.GetTimestamp();
        nginx.Dispose();
        var deadline = stoppedAt + (long)(TimeSpan.FromSeconds(IntervalSeconds * 4 + 30).TotalSeconds * Stopwatch.Frequency);
        var expected = options.Targets;
        while (receiver.Count < expected && Stopwatch.GetTimestamp() < deadline) Thread.Sleep(100);
        var latencies = receiver.FirstFiring.Values.Select(t => (t - stoppedAt) / (double)Stopwatch.Frequency).ToList();
        Console.WriteLine($"  {side[0].Name}: {latencies.Count}/{expected} targets detected; CPU {string.Join(", ", side.Select((p, i) => $"{p.Name} {cpu[i]:F1}s"))}");
        return (cpu, latencies);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static string DoomsdayConfig(List<int> targets, string caFile, string receiverUrl, int port, string store)
    {
        var sb = new StringBuilder("probes:\n");
        foreach (var t in targets)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  - {{ name: t{t}, kind: http, url: \"https://127.0.0.1:{t}/\", interval: {IntervalSeconds}s, timeout: 5s, failureThreshold: 1, tls: {{ ca: {caFile} }}, labels: {{ instance: \"127.0.0.1:{t}\" }} }}\n");
        }
        sb.Append(CultureInfo.InvariantCulture, $"notifiers:\n  - {{ name: hook, kind: webhook, url: \"{receiverUrl}\" }}\nserver:\n  listen: 127.0.0.1:{port}\nstore:\n  path: {store}\n");
        return sb.ToString();
    }

    private static string PrometheusConfig(List<int> targets, int blackboxPort, int alertmanagerPort, string rules)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"""
            global:
              scrape_interval: {IntervalSeconds}s
              scrape_timeout: 6s
              evaluation_interval: 1s
            rule_files: [{rules}]
            alerting:
              alertmanagers:
                - static_configs: [{"{"} targets: ["127.0.0.1:{alertmanagerPort}"] {"}"}]
            scrape_configs:
              - job_name: blackbox
                metrics_path: /probe
                params: {"{"} module: [https_2xx] {"}"}
                relabel_configs:
                  - {"{"} source_labels: [__address__], target_label: __param_target {"}"}
                  - {"{"} source_labels: [__param_target], regex: "https://(.*)/", target_label: instance {"}"}
                  - {"{"} target_label: __address__, replacement: "127.0.0.1:{blackboxPort}" {"}"}
                static_configs:
                  - targets:

            """);
        foreach (var t in targets) sb.Append(CultureInfo.InvariantCulture, $"                      - \"https://127.0.0.1:{t}/\"\n");
        return sb.ToString();
    }

    private static BenchProcess StartNginx(string work, List<int> targets)
    {
        var prefix = Path.Combine(work, "nginx");
        Directory.CreateDirectory(prefix);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"""
            daemon off;
            master_process off;
            worker_processes 1;
            worker_rlimit_nofile 65536;
            pid {prefix}/nginx.pid;
            error_log {prefix}/error.log error;
            events {"{"} worker_connections 16384; {"}"}
            http {"{"}
              access_log off;
              client_body_temp_path {prefix}/body; proxy_temp_path {prefix}/proxy; fastcgi_temp_path {prefix}/fastcgi;
              uwsgi_temp_path {prefix}/uwsgi; scgi_temp_path {prefix}/scgi;
              ssl_session_cache off; ssl_session_tickets off;
              server {"{"}
                ssl_certificate {work}/server.pem; ssl_certificate_key {work}/server.key;
                location / {"{"} return 200 "ok\n"; {"}"}

            """);
        foreach (var t in targets) sb.Append(CultureInfo.InvariantCulture, $"    listen 127.0.0.1:{t} ssl;\n");
        sb.Append("  }\n}\n");
        var conf = Path.Combine(prefix, "nginx.conf");
        File.WriteAllText(conf, sb.ToString());
        var nginx = new BenchProcess("nginx", "/usr/sbin/nginx", ["-p", prefix, "-e", Path.Combine(prefix, "error.log"), "-c", conf], work);
        var until = Stopwatch.GetTimestamp() + 30 * Stopwatch.Frequency;
        while (!Accepts(targets[^1]))
        {
            if (nginx.HasExited || Stopwatch.GetTimestamp() > until) throw new InvalidOperationException("nginx did not start:\n" + nginx.Tail() + File.ReadAllText(Path.Combine(prefix, "error.log")));
            Thread.Sleep(50);
        }
        return nginx;
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var c = new TcpClient();
            c.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static List<int> FreePorts(int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var l = new TcpListener(IPAddress.Loopback, 0);
                l.Start();
                listeners.Add(l);
            }
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToList();
        }
        finally
        {
            foreach (var l in listeners) l.Stop();
        }
    }

    private static string WriteCertificates(string work)
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=bench-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var sans = new SubjectAlternativeNameBuilder();
        sans.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(sans.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var leaf = request.Create(ca, now.AddDays(-1), now.AddDays(300), RandomNumberGenerator.GetBytes(8));
        File.WriteAllText(Path.Combine(work, "server.pem"), leaf.ExportCertificatePem() + "\n");
        File.WriteAllText(Path.Combine(work, "server.key"), key.ExportPkcs8PrivateKeyPem() + "\n");
        var caFile = Path.Combine(work, "ca.pem");
        File.WriteAllText(caFile, ca.ExportCertificatePem() + "\n");
        return caFile;
    }
}
