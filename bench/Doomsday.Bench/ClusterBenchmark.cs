using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Doomsday.Core.Sources.Cluster;

namespace Doomsday.Bench;

/// <summary>
/// <c>cluster</c>: <see cref="ClusterSource"/> against the fake API server seeded with 10,000
/// <c>kubernetes.io/tls</c> Secrets across 1,000 namespaces (plus each namespace's
/// <c>kube-root-ca.crt</c>) and 20,000 unrelated 100 KB Opaque Secrets (Helm-release-like). The fake
/// server runs in a SEPARATE process (this program in <c>cluster-server</c> mode), so the peak memory
/// printed is the collector's alone: this process's VmHWM, which includes the .NET runtime and the
/// KubernetesClient. The sink only counts, as a streaming writer would.
/// </summary>
internal static class ClusterBenchmark
{
    private const int Namespaces = 1_000;
    private const int TlsPerNamespace = 10;
    private const int OpaqueSecrets = 20_000;
    private const int OpaqueSize = 100 * 1024;

    public static int Run(BenchOptions o)
    {
        Machine.Print();
        Directory.CreateDirectory(o.WorkDir);
        var exe = Environment.ProcessPath!;
        var psi = new ProcessStartInfo(exe) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(exe) == "dotnet") psi.ArgumentList.Add(typeof(ClusterBenchmark).Assembly.Location);
        foreach (var a in new[] { "cluster-server", "--dir", o.WorkDir }) psi.ArgumentList.Add(a);
        using var server = Process.Start(psi)!;
        try
        {
            string? kubeconfig = null;
            var seedClock = Stopwatch.StartNew();
            while (server.StandardOutput.ReadLine() is { } line)
            {
                if (line.StartsWith("READY ", StringComparison.Ordinal)) { kubeconfig = line[6..]; break; }
            }
            if (kubeconfig is null)
            {
                Console.Error.WriteLine("the fake API server did not start");
                return 1;
            }
            Console.WriteLine($"fake API server (pid {server.Id}) seeded in {seedClock.Elapsed.TotalSeconds:F1} s: {Namespaces * TlsPerNamespace:N0} TLS Secrets in {Namespaces:N0} namespaces, {Namespaces:N0} kube-root-ca.crt, {OpaqueSecrets:N0} Opaque Secrets of {OpaqueSize / 1024} KB");

            var targets = ClusterTargets.Resolve([kubeconfig], [], _ => null, o.WorkDir);
            var options = new ClusterReadOptions { Timeout = TimeSpan.FromSeconds(120) };
            var baseline = PeakRssKiB();
            var times = new List<double>();
            for (var r = 0; r < o.Runs; r++)
            {
                var counter = new CertificateCounter();
                var sw = Stopwatch.StartNew();
                new ClusterSource(targets, options).CollectAsync(counter, CancellationToken.None).GetAwaiter().GetResult();
                sw.Stop();
                times.Add(sw.Elapsed.TotalSeconds);
                Console.WriteLine($"run {r + 1}: {sw.Elapsed.TotalSeconds:F2} s, {counter.Certificates:N0} certificates, {counter.Errors} errors, {counter.Certificates / sw.Elapsed.TotalSeconds:N0} certificates/s, peak RSS so far {PeakRssKiB() / 1024.0:F0} MiB");
                foreach (var e in counter.FirstErrors) Console.WriteLine("  error: " + e);
            }
            times.Sort();
            Console.WriteLine($"collection: median {times[times.Count / 2]:F2} s, best {times[0]:F2} s over {o.Runs} runs (first run includes JIT)");
            Console.WriteLine($"collector peak RSS (VmHWM): {PeakRssKiB() / 1024.0:F0} MiB (before the first run: {baseline / 1024.0:F0} MiB); GC heap now {GC.GetTotalMemory(false) / 1048576.0:F0} MiB");
            Console.WriteLine($"fake API server peak RSS (separate process): {PeakRssKiB(server.Id) / 1024.0:F0} MiB");
            return 0;
        }
        finally
        {
            server.StandardInput.Close();
            if (!server.WaitForExit(TimeSpan.FromSeconds(20))) server.Kill(entireProcessTree: true);
        }
    }

    /// <summary>The child process: start the fake server, seed it, print its kubeconfig, serve until stdin closes.</summary>
    public static int Serve(BenchOptions o)
    {
        Directory.CreateDirectory(o.WorkDir);
        var server = FakeKubeApiServer.StartAsync().GetAwaiter().GetResult();
        var now = DateTimeOffset.UtcNow;
        var ca = TestPki.CreateCa("bench-ca", now.AddDays(-1), now.AddYears(5));
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var keyPem = System.Text.Encoding.ASCII.GetBytes(leafKey.ExportPkcs8PrivateKeyPem());
        using var caKey = ca.GetECDsaPrivateKey()!;
        var signer = X509SignatureGenerator.CreateForECDsa(caKey);
        var blob = new byte[OpaqueSize];
        RandomNumberGenerator.Fill(blob);
        for (var n = 0; n < Namespaces; n++)
        {
            var ns = $"team-{n:D4}";
            server.Add(FakeObjects.RootCa(ns, ca));
            for (var i = 0; i < TlsPerNamespace; i++)
            {
                var request = new CertificateRequest($"CN=svc-{i}.{ns}.svc", leafKey, HashAlgorithmName.SHA256);
                var sans = new SubjectAlternativeNameBuilder();
                sans.AddDnsName($"svc-{i}.{ns}.svc");
                request.CertificateExtensions.Add(sans.Build());
                using var leaf = request.Create(ca.SubjectName, signer, now.AddDays(-1), now.AddDays(30 + (n * TlsPerNamespace + i) % 365), RandomNumberGenerator.GetBytes(12));
                server.Add(FakeObjects.Secret(ns, $"svc-{i}-tls", "kubernetes.io/tls", new Dictionary<string, byte[]>
                {
                    ["tls.crt"] = System.Text.Encoding.ASCII.GetBytes(leaf.ExportCertificatePem() + "\n"),
                    ["tls.key"] = keyPem,
                }));
            }
        }
        // 20,000 Helm-release-like Secrets; they share one buffer in this process, but each would be
        // serialised in full (136 KB of base64) if a request let it through.
        for (var i = 0; i < OpaqueSecrets; i++)
        {
            server.Add(FakeObjects.Secret($"team-{i % Namespaces:D4}", $"sh.helm.release.v1.app-{i}.v1", "Opaque", new Dictionary<string, byte[]> { ["release"] = blob }));
        }
        var kubeconfig = server.WriteKubeconfig(Path.Combine(o.WorkDir, "cluster-bench.kubeconfig"), "bench");
        Console.WriteLine("READY " + kubeconfig);
        Console.Out.Flush();
        Console.In.ReadToEnd();
        server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return 0;
    }

    private static long PeakRssKiB(int? pid = null)
    {
        var path = pid is null ? "/proc/self/status" : $"/proc/{pid}/status";
        if (!File.Exists(path)) return 0;
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) return long.Parse(line[6..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        return 0;
    }
}
