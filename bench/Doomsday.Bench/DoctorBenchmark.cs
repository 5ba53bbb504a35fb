using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Doomsday.Core.Pki;

namespace Doomsday.Bench;

/// <summary>
/// <c>doctor</c>: wall time of <c>doomsday doctor --kubeadm</c> on a full node, process start included,
/// with the API server, etcd and etcd peer answering TLS on loopback (each serving its file from the
/// tree) and controller-manager and scheduler serving the <c>localhost@UNIX-TIME</c> certificate they
/// make at start, and again with two of them accepting TCP but never answering (bounded by --timeout).
/// Target: under 2 s when the components answer; no check longer than its timeout when they do not.
/// </summary>
internal static class DoctorBenchmark
{
    public static int Run(BenchOptions o)
    {
        var doomsday = DoomsdayBuild.Locate(o);
        if (doomsday is null) return 1;
        Machine.Print();
        var node = Path.Combine(o.WorkDir, "doctor");
        if (Directory.Exists(node)) Directory.Delete(node, recursive: true);
        var root = Path.Combine(node, "etc", "kubernetes");
        using var tree = KubeadmTreeBuilder.Build(root, new KubeadmTreeOptions { Now = DateTimeOffset.UtcNow, KubeletDirectory = Path.Combine(node, "var", "lib", "kubelet") });
        using var cts = new CancellationTokenSource();
        var apiserver = Serve(Path.Combine(root, "pki", "apiserver"), cts.Token);
        var etcd = Serve(Path.Combine(root, "pki", "etcd", "server"), cts.Token);
        var peer = Serve(Path.Combine(root, "pki", "etcd", "peer"), cts.Token);
        var controllerManager = Serve(StartedNow(), cts.Token);
        var scheduler = Serve(StartedNow(), cts.Token);
        using var silent = new TcpListener(IPAddress.Loopback, 0); // accepts TCP (backlog) and never speaks TLS
        silent.Start();
        var silentPort = ((IPEndPoint)silent.LocalEndpoint).Port;

        string[] answering = ["doctor", "--kubeadm", root, "--output", "json", "--fail-on", "never",
            "--component-endpoint", $"apiserver=127.0.0.1:{apiserver}", "--component-endpoint", $"etcd=127.0.0.1:{etcd}", "--component-endpoint", $"etcd-peer=127.0.0.1:{peer}",
            "--component-endpoint", $"controller-manager=127.0.0.1:{controllerManager}", "--component-endpoint", $"scheduler=127.0.0.1:{scheduler}"];
        string[] stuck = ["doctor", "--kubeadm", root, "--output", "json", "--fail-on", "never", "--timeout", "2s",
            "--component-endpoint", $"apiserver=127.0.0.1:{apiserver}", "--component-endpoint", $"etcd=127.0.0.1:{silentPort}", "--component-endpoint", $"etcd-peer=127.0.0.1:{silentPort}"];

        ProcessRunner.Timed(doomsday, answering, "/dev/null"); // warm up
        if (o.Baseline is { } baseline)
        {
            // Alternate the two builds run by run, so that both see the same load on a shared machine.
            ProcessRunner.Timed(baseline, answering, "/dev/null");
            var mine = new List<ProcessRun>();
            var theirs = new List<ProcessRun>();
            for (var i = 0; i < o.Runs; i++)
            {
                mine.Add(ProcessRunner.Timed(doomsday, answering, "/dev/null"));
                theirs.Add(ProcessRunner.Timed(baseline, answering, "/dev/null"));
            }
            Report("5 components answering", mine, TimeSpan.FromSeconds(2));
            Report($"5 components answering, baseline {baseline}", theirs, TimeSpan.FromSeconds(2));
        }
        else
        {
            Report("5 components answering", Enumerable.Range(0, o.Runs).Select(_ => ProcessRunner.Timed(doomsday, answering, "/dev/null")).ToList(), TimeSpan.FromSeconds(2));
        }
        Report("2 of 3 never answer, --timeout 2s", Enumerable.Range(0, Math.Min(3, o.Runs)).Select(_ => ProcessRunner.Timed(doomsday, stuck, "/dev/null")).ToList(), TimeSpan.FromSeconds(2.5));
        cts.Cancel();
        return 0;
    }

    private static void Report(string label, List<ProcessRun> runs, TimeSpan target)
    {
        var sorted = runs.OrderBy(r => r.Wall).ToList();
        var median = sorted[sorted.Count / 2];
        Console.WriteLine($"doctor, {label}: median {median.Wall.TotalMilliseconds:F0} ms (min {sorted[0].Wall.TotalMilliseconds:F0}, max {sorted[^1].Wall.TotalMilliseconds:F0}) over {runs.Count} runs; peak RSS {runs.Max(r => r.PeakRssKiB) / 1024.0:F0} MiB; target {target.TotalSeconds:F1} s {(median.Wall < target ? "MET" : "MISSED")}");
    }

    /// <summary>A TLS listener on 127.0.0.1 serving <paramref name="stem"/>.crt with its key; returns the port.</summary>
    private static int Serve(string stem, CancellationToken ct) => Serve(X509Certificate2.CreateFromPemFile(stem + ".crt", stem + ".key"), ct);

    /// <summary>What controller-manager and scheduler serve without --tls-cert-file: a certificate named localhost@UNIX-TIME made at start.</summary>
    private static X509Certificate2 StartedNow()
    {
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var now = DateTimeOffset.UtcNow;
        var request = new CertificateRequest($"CN=localhost@{now.ToUnixTimeSeconds()}", key,
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(now.AddHours(-1), now.AddHours(-1).AddDays(365));
    }

    private static int Serve(X509Certificate2 cert, CancellationToken ct)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        _ = Task.Run(async () =>
        {
            while (!ct.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(ct);
                _ = Task.Run(async () =>
                {
                    using (client)
                    await using (var ssl = new SslStream(client.GetStream()))
                    {
                        try { await ssl.AuthenticateAsServerAsync(cert); }
                        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException) { }
                    }
                }, ct);
            }
        }, ct);
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
