using System.Security.Cryptography;
using Doomsday.Core.Sources.Kubeadm;
using Doomsday.Watch.Renewal;

namespace Doomsday.Testing.Nodes;

/// <summary>
/// A stand-in for the kubelet and its container runtime (no kubelet can run here), for the renewal
/// tests: it watches a kubeadm tree's <c>manifests/</c> directory and, after a pick-up delay (the real
/// kubelet's <c>fileCheckFrequency</c>, 20 s; short in tests), starts the real server each manifest
/// names and stops the one whose manifest is gone or changed:
/// <list type="bullet">
/// <item><c>etcd</c>: Debian's etcd with the manifest's own flags (paths under /etc/kubernetes read in
/// the tree, <c>--data-dir</c> in the stand-in's directory, kept across restarts);</item>
/// <item><c>kube-apiserver</c>: nginx serving <c>--tls-cert-file</c>/<c>--tls-private-key-file</c> on
/// <c>--secure-port</c>; <c>/livez</c> answers ok and <c>/readyz</c> is etcd's <c>/health</c> fetched with
/// <c>--etcd-certfile</c>/<c>--etcd-keyfile</c>, verifying <c>--etcd-cafile</c>, so it is 200 only while the
/// API server's etcd client certificate works (the real one lists <c>[+]etcd ok</c>; the status is what counts);</item>
/// <item><c>kube-controller-manager</c>, <c>kube-scheduler</c>: <c>openssl s_server</c> on <c>--secure-port</c>
/// presenting client-go's <c>localhost@UNIX-TIME</c> pair made when the container starts.</item>
/// </list>
/// It answers <see cref="IPodObserver"/> as crictl would: one container per start, running while its
/// process lives. <c>refuse</c> makes a component exit at start (a crash loop, retried after the delay).
/// </summary>
internal sealed class KubeletStandIn : IPodObserver, IDisposable
{
    private readonly KubeadmLayout _layout;
    private readonly TimeSpan _pickUpDelay;
    private readonly Func<string, StaticPodManifest, bool> _refuse;
    private readonly string _dir;
    private readonly object _gate = new();
    private readonly Dictionary<string, Container> _current = new(StringComparer.Ordinal);
    private readonly List<Container> _all = [];
    private readonly SemaphoreSlim _changed = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly FileSystemWatcher _watcher;
    private readonly Task _loop;
    private int _next;

    /// <param name="refuse">True for a component (pod name, its manifest) that must not start: its container exits at once.</param>
    public KubeletStandIn(KubeadmLayout layout, TimeSpan pickUpDelay, Func<string, StaticPodManifest, bool>? refuse = null)
    {
        _layout = layout;
        _pickUpDelay = pickUpDelay;
        _refuse = refuse ?? ((_, _) => false);
        _dir = Directory.CreateTempSubdirectory("doomsday-kubelet-").FullName;
        // etcd refuses a data dir that others can read
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("the kubelet stand-in runs on Linux");
        Directory.CreateDirectory(Path.Combine(_dir, "etcd-data"), (UnixFileMode)0b111_000_000);
        Reconcile();
        _watcher = new FileSystemWatcher(layout.Manifests) { EnableRaisingEvents = true };
        _watcher.Created += (_, _) => _changed.Release();
        _watcher.Deleted += (_, _) => _changed.Release();
        _watcher.Renamed += (_, _) => _changed.Release();
        _watcher.Changed += (_, _) => _changed.Release();
        _loop = Task.Run(LoopAsync);
    }

    public string Name => "the kubelet stand-in";

    /// <summary>How many containers of <paramref name="pod"/> were started so far.</summary>
    public int Starts(string pod)
    {
        lock (_gate) return _all.Count(c => c.Pod == pod);
    }

    public Task<(IReadOnlyList<PodContainer>? Containers, string? Error)> ObserveAsync(string pod, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<PodContainer> list = _all.Where(c => c.Pod == pod).Select(c => new PodContainer(c.Id, c.Running)).ToList();
            return Task.FromResult<(IReadOnlyList<PodContainer>?, string?)>((list, null));
        }
    }

    private async Task LoopAsync()
    {
        try
        {
            while (true)
            {
                await _changed.WaitAsync(_stop.Token);
                // The kubelet looks at the directory every fileCheckFrequency: several changes within one period are one sync.
                await Task.Delay(_pickUpDelay, _stop.Token);
                while (_changed.CurrentCount > 0) await _changed.WaitAsync(_stop.Token);
                Reconcile();
            }
        }
        catch (OperationCanceledException)
        {
            // disposed
        }
    }

    private void Reconcile()
    {
        var wanted = new Dictionary<string, (StaticPodManifest Manifest, string Hash)>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(_layout.Manifests, "*.yaml"))
        {
            byte[] content;
            try
            {
                content = File.ReadAllBytes(file);
            }
            catch (IOException)
            {
                continue; // moved away meanwhile
            }
            if (StaticPodManifestReader.TryRead(file, content, out var manifest, out _))
            {
                wanted[manifest.Component] = (manifest, Convert.ToHexString(SHA256.HashData(content)));
            }
        }
        var retry = false;
        lock (_gate)
        {
            foreach (var pod in _current.Keys.ToList())
            {
                var c = _current[pod];
                if (wanted.TryGetValue(pod, out var w) && w.Hash == c.Hash && c.Running) continue;
                c.Stop();
                _current.Remove(pod);
            }
            foreach (var (pod, (manifest, hash)) in wanted)
            {
                if (_current.ContainsKey(pod)) continue;
                var container = new Container(pod, $"{pod}-{++_next}", hash);
                _all.Add(container);
                if (_refuse(pod, manifest))
                {
                    retry = true; // exited at once; the kubelet tries again (CrashLoopBackOff)
                    continue;
                }
                container.Process = Start(pod, manifest, Directory.CreateDirectory(Path.Combine(_dir, container.Id)).FullName);
                if (container.Process is not null) _current[pod] = container;
            }
        }
        if (retry && _all.Count < 200) _changed.Release();
    }

    /// <param name="prefix">The container's own directory (config, generated certificates, logs).</param>
    private ChildProcess? Start(string pod, StaticPodManifest manifest, string prefix) => pod switch
    {
        "etcd" => StartEtcd(manifest),
        "kube-apiserver" => StartApiServer(manifest, prefix),
        "kube-controller-manager" or "kube-scheduler" => StartSelfSigned(manifest, prefix),
        _ => null,
    };

    private string Map(string path) => _layout.Map(path);

    private ChildProcess StartEtcd(StaticPodManifest manifest)
    {
        var args = new List<string>();
        foreach (var (flag, value) in manifest.Flags)
        {
            var v = flag == "--data-dir" ? Path.Combine(_dir, "etcd-data") : value.StartsWith('/') ? Map(value) : value;
            args.Add($"{flag}={v}");
        }
        args.Add("--logger=zap");
        return new ChildProcess(ChildProcess.Find("etcd", "/usr/bin/etcd"), args);
    }

    private ChildProcess StartApiServer(StaticPodManifest manifest, string prefix)
    {
        var etcd = new Uri(manifest.Flag("--etcd-servers")!.Split(',')[0]);
        var conf = NginxServer.HttpPreamble(prefix, 64) + $$"""
              server {
                listen 127.0.0.1:{{manifest.Flag("--secure-port")}} ssl;
                ssl_certificate {{Map(manifest.Flag("--tls-cert-file")!)}};
                ssl_certificate_key {{Map(manifest.Flag("--tls-private-key-file")!)}};
                location = /livez { return 200 "ok\n"; }
                location = /readyz {
                  proxy_pass https://{{etcd.Host}}:{{etcd.Port}}/health;
                  proxy_ssl_certificate {{Map(manifest.Flag("--etcd-certfile")!)}};
                  proxy_ssl_certificate_key {{Map(manifest.Flag("--etcd-keyfile")!)}};
                  proxy_ssl_trusted_certificate {{Map(manifest.Flag("--etcd-cafile")!)}};
                  proxy_ssl_verify on;
                  proxy_ssl_name localhost;
                  proxy_ssl_session_reuse off;
                }
              }
            }

            """;
        var file = Path.Combine(prefix, "nginx.conf");
        File.WriteAllText(file, conf);
        return new ChildProcess(ChildProcess.Find("nginx", "/usr/sbin/nginx"), ["-p", prefix, "-e", Path.Combine(prefix, "error.log"), "-c", file]);
    }

    private ChildProcess StartSelfSigned(StaticPodManifest manifest, string prefix)
    {
        var (leaf, ca) = ClientGoSelfSigned.Create(DateTimeOffset.UtcNow);
        using (leaf)
        using (ca)
        {
            File.WriteAllText(Path.Combine(prefix, "leaf.crt"), leaf.ExportCertificatePem() + "\n");
            File.WriteAllText(Path.Combine(prefix, "leaf.key"), TestPki.KeyPem(leaf));
            File.WriteAllText(Path.Combine(prefix, "ca.crt"), ca.ExportCertificatePem() + "\n");
        }
        return new ChildProcess(ChildProcess.Find("openssl", "/usr/bin/openssl"),
            ["s_server", "-accept", $"127.0.0.1:{manifest.Flag("--secure-port")}", "-cert", Path.Combine(prefix, "leaf.crt"), "-key", Path.Combine(prefix, "leaf.key"),
             "-cert_chain", Path.Combine(prefix, "ca.crt"), "-quiet"], keepStdinOpen: true);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _watcher.Dispose();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // cancelled
        }
        lock (_gate)
        {
            foreach (var c in _all) c.Stop();
        }
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // leave it behind rather than fail a test on cleanup
        }
    }

    private sealed class Container(string pod, string id, string hash)
    {
        public string Pod { get; } = pod;
        public string Id { get; } = id;
        public string Hash { get; } = hash;
        public ChildProcess? Process { get; set; }
        private bool _stopped;
        public bool Running => !_stopped && Process is { } p && !p.Process.HasExited;

        public void Stop()
        {
            if (_stopped) return;
            _stopped = true;
            Process?.Dispose();
        }
    }
}
