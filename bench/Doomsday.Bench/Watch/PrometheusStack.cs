using System.Text;

namespace Doomsday.Bench.Watch;

/// <summary>
/// Debian's blackbox_exporter (module http_2xx, trusting the generated CA) driven by Debian's Prometheus
/// (scrape every interval through the /probe?target= relabel pattern, rule <c>probe_success == 0</c> with
/// <c>for</c> = (threshold − 1) × interval), sending to Debian's Alertmanager (group_by ['...']: one group
/// per target, group_wait 0s) whose webhook is the bench's receiver.
/// </summary>
internal sealed class PrometheusStack : IWatchStack
{
    private readonly List<ServiceProcess> _processes = [];

    public string Label => "prometheus stack";
    public string Description { get; }
    public IReadOnlyList<ServiceProcess> Processes => _processes;

    public PrometheusStack(string dir, TargetServers targets, AlertReceiver receiver, WatchOptions options)
    {
        Directory.CreateDirectory(dir);
        var ports = TcpProbe.FreePorts(3);
        var (bbPort, amPort, promPort) = (ports[0], ports[1], ports[2]);
        var interval = $"{options.IntervalSeconds}s";
        var forClause = $"{(options.Threshold - 1) * options.IntervalSeconds}s";

        var blackboxConfig = Path.Combine(dir, "blackbox.yml");
        File.WriteAllText(blackboxConfig, $"""
            modules:
              http_2xx:
                prober: http
                timeout: {options.TimeoutSeconds}s
                http:
                  preferred_ip_protocol: ip4
                  tls_config:
                    {(options.Tls == "insecure" ? "insecure_skip_verify: true" : $"ca_file: {targets.CaFile}")}
            """);

        var amConfig = Path.Combine(dir, "alertmanager.yml");
        File.WriteAllText(amConfig, $"""
            route:
              receiver: bench
              group_by: ['...']
              group_wait: 0s
              group_interval: 1s
              repeat_interval: 1h
            receivers:
              - name: bench
                webhook_configs:
                  - url: {receiver.Url("alertmanager")}
                    send_resolved: false
            """);

        var rules = Path.Combine(dir, "rules.yml");
        File.WriteAllText(rules, $"""
            groups:
              - name: bench
                interval: {options.EvalSeconds}s
                rules:
                  - alert: TargetDown
                    expr: probe_success == 0
                    for: {forClause}
            """);

        var promConfig = new StringBuilder($"""
            global:
              scrape_interval: {interval}
              scrape_timeout: {options.TimeoutSeconds}s
              evaluation_interval: {options.EvalSeconds}s
            rule_files: ['{rules}']
            alerting:
              alertmanagers:
                - static_configs:
                    - targets: ['127.0.0.1:{amPort}']
            scrape_configs:
              - job_name: blackbox
                metrics_path: /probe
                params: {"{"}module: [http_2xx]{"}"}
                relabel_configs:
                  - source_labels: [__address__]
                    target_label: __param_target
                  - source_labels: [__param_target]
                    target_label: instance
                  - target_label: __address__
                    replacement: 127.0.0.1:{bbPort}
                static_configs:
                  - targets:

            """);
        foreach (var port in targets.AllPorts) promConfig.Append($"                      - {TargetServers.Url(port)}\n");
        var promFile = Path.Combine(dir, "prometheus.yml");
        File.WriteAllText(promFile, promConfig.ToString());

        var amData = Path.Combine(dir, "am-data");
        var promData = Path.Combine(dir, "prom-data");
        if (Directory.Exists(promData)) Directory.Delete(promData, true);
        if (Directory.Exists(amData)) Directory.Delete(amData, true);
        Directory.CreateDirectory(amData);
        Directory.CreateDirectory(promData);

        try
        {
            Add(ServiceProcess.Start("blackbox_exporter", "/usr/bin/prometheus-blackbox-exporter",
                ["--config.file", blackboxConfig, "--web.listen-address", $"127.0.0.1:{bbPort}"], Path.Combine(dir, "blackbox.log")), bbPort);
            Add(ServiceProcess.Start("alertmanager", "/usr/bin/prometheus-alertmanager",
                ["--config.file", amConfig, "--storage.path", amData, "--web.listen-address", $"127.0.0.1:{amPort}", "--cluster.listen-address="],
                Path.Combine(dir, "alertmanager.log")), amPort);
            Add(ServiceProcess.Start("prometheus", "/usr/bin/prometheus",
                ["--config.file", promFile, "--storage.tsdb.path", promData, "--web.listen-address", $"127.0.0.1:{promPort}"],
                Path.Combine(dir, "prometheus.log")), promPort);
        }
        catch
        {
            Dispose();
            throw;
        }
        Description = $"prometheus-blackbox-exporter + prometheus (scrape {interval}, rules every {options.EvalSeconds}s, for: {forClause}) + prometheus-alertmanager (group_wait 0s)";
    }

    private void Add(ServiceProcess process, int port)
    {
        _processes.Add(process);
        if (!TcpProbe.WaitListening([port], process, TimeSpan.FromSeconds(60)))
        {
            throw new InvalidOperationException($"{process.Name} did not listen on {port}:\n{process.LogTail()}");
        }
    }

    public void Dispose()
    {
        for (var i = _processes.Count - 1; i >= 0; i--) _processes[i].Dispose();
    }
}
