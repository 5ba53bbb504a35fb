using System.CommandLine;
using System.Net;
using Doomsday.Cli.Commands.Scan;
using Doomsday.Cli.Hosting;
using Doomsday.Core.Inventory;
using Doomsday.Core.Pki;
using Doomsday.Core.Sources.Endpoints;
using Doomsday.Core.Sources.Kubeadm;
using N = Doomsday.Core.Sources.Kubeadm.KubeadmNames;

namespace Doomsday.Cli.Commands.Demo;

/// <summary>
/// <c>doomsday demo</c>: builds a throwaway kubeadm node in a temporary directory (a few
/// certificates days from expiry, one expired), serves an old API server certificate on a loopback
/// port while the disk holds its renewal (the "renewed but never restarted" outage), scans both as
/// <c>scan --kubeadm DIR --endpoint 127.0.0.1:PORT</c> would, and explains what the user sees.
/// Exit code as scan's.
/// </summary>
public static class DemoCommand
{
    public static Command Create(CliContext context)
    {
        var keep = new Option<bool>("--keep") { Description = "Keep the generated tree (its path is printed) to scan it again yourself." };
        var output = new Option<string>("--output", "-o") { Description = "table, json or prometheus (as scan).", DefaultValueFactory = _ => "table" };
        var command = new Command("demo", "Build a throwaway kubeadm node with certificates about to expire, serve one on a local port, and scan it all.");
        command.Options.Add(keep);
        command.Options.Add(output);
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(keep), parse.GetValue(output)!, context, ct));
        return command;
    }

    private static async Task<int> RunAsync(bool keep, string outputText, CliContext context, CancellationToken ct)
    {
        OutputFormat? output = outputText.ToLowerInvariant() switch
        {
            "table" => OutputFormat.Table,
            "json" => OutputFormat.Json,
            "prometheus" or "prom" => OutputFormat.Prometheus,
            _ => null,
        };
        if (output is null)
        {
            await context.Error.WriteLineAsync($"doomsday demo: --output: '{outputText}' is not one of table, json, prometheus");
            return ExitCodes.InputError;
        }
        // Explanations go where they do not spoil machine-readable output.
        var say = output == OutputFormat.Table ? context.Out : context.Error;

        var now = context.Time.GetUtcNow();
        var node = Path.Combine(Path.GetTempPath(), "doomsday-demo-" + Guid.NewGuid().ToString("N")[..8]);
        var root = Path.Combine(node, "etc", "kubernetes");
        try
        {
            using var tree = KubeadmTreeBuilder.Build(root, Options(now, Path.Combine(node, "var", "lib", "kubelet")));
            // The running API server loaded its certificate a year ago; `kubeadm certs renew apiserver` replaced
            // the file yesterday, the way kubeadm does (new key, notBefore kept at the CA's).
            using (KubeadmRenewal.Renew(root, new KubeadmRenewalOptions { At = now.AddDays(-1), Names = [N.Apiserver] })) { }
            await using var server = new DemoTlsServer(tree.Certificates[N.Apiserver], tree.Certificates[N.Ca]);
            var endpoint = $"127.0.0.1:{server.Port}";

            await say.WriteLineAsync(Intro(node, root, endpoint));
            var settings = new ScanSettings { KubeadmDir = root, Endpoints = [endpoint], Output = output.Value, NoColor = !string.IsNullOrEmpty(context.GetEnvironmentVariable("NO_COLOR")) };
            var code = await ScanCommand.ExecuteAsync(settings,
                [new KubeadmSource(root, settings.Options), new EndpointSource(settings.Endpoints, settings.Options)], context, ct);
            await say.WriteLineAsync(Outro(keep ? node : null, root, endpoint));
            return code;
        }
        finally
        {
            if (!keep) TryDelete(node);
        }
    }

    private static KubeadmTreeOptions Options(DateTimeOffset now, string kubeletDir)
    {
        var aYearAgo = TimeSpan.FromDays(365);
        // An hour of slack so that "5 days" still reads 5d when the scan runs a moment after the build.
        CertificateValidity Leaf(double daysLeft) => CertificateValidity.Around(now, aYearAgo - TimeSpan.FromDays(daysLeft),
            TimeSpan.FromDays(daysLeft) + (daysLeft > 0 ? TimeSpan.FromHours(1) : TimeSpan.Zero));
        return new KubeadmTreeOptions
        {
            Now = now,
            NodeName = "demo-cp-1",
            NodeIp = IPAddress.Parse("10.0.0.10"),
            // ECDSA-P256 is one of kubeadm's encryptionAlgorithm choices; RSA keys cost up to a second here.
            KeyAlgorithm = KubeadmKeyAlgorithm.EcdsaP256,
            DistinctKeys = true,
            KubeletDirectory = kubeletDir,
            Validity = new Dictionary<string, CertificateValidity>
            {
                [N.Apiserver] = Leaf(2), // renewed on disk below; the stand-in API server keeps serving this one
                [N.AdminConf] = Leaf(-3),
                [N.EtcdPeer] = Leaf(5),
                [N.FrontProxyClient] = Leaf(20),
                [N.ApiserverKubeletClient] = Leaf(45),
                [N.KubeletConf] = Leaf(80),
            },
        };
    }

    private static string Intro(string node, string root, string endpoint) => $"""
        doomsday demo: a throwaway kubeadm control-plane node, built just now in {node}
          etc/kubernetes        3 CAs and their certificates, 5 kubeconfigs, 4 static pod manifests
          var/lib/kubelet/pki   the kubelet's client and serving certificates
          {endpoint,-21} a stand-in API server, serving the certificate it loaded at start-up

        The story: a year after `kubeadm init`, someone ran `kubeadm certs renew apiserver` yesterday
        but never restarted the API server. It still serves the old certificate, which expires in 2 days.
        Meanwhile admin.conf expired 3 days ago, and etcd-peer, front-proxy-client, apiserver-kubelet-client
        and the kubelet's client certificate expire in 5, 20, 45 and 80 days.

        Running: doomsday scan --kubeadm {root} --endpoint {endpoint}

        """;

    private static string Outro(string? kept, string root, string endpoint)
    {
        var where = kept is null
            ? "The demo tree has been deleted (run with --keep to keep it)."
            : $"The tree is kept in {kept}: try `doomsday scan --kubeadm {root}` or `doomsday scan {root}/pki`.";
        return $"""

            What you see: every certificate worst first, named as `kubeadm certs check-expiration` names them,
            with the CA that issued it and where it was found. The apiserver file on disk is good for a year,
            but {endpoint} still presents the old one: renewing files is not enough, the component must be
            restarted (move its manifest out of /etc/kubernetes/manifests and back). The exit code is 2 because
            something is expired or about to be (1 for warnings only, 0 when all is well): ready for cron and CI.

            {where}
            On a real control-plane node, run:
              doomsday scan                                   reads /etc/kubernetes and the kubelet's certificates
              doomsday scan --endpoint <node-ip>:6443         what the API server really serves
              doomsday scan --output json | prometheus        for scripts, or for node_exporter's textfile collector
            """;
    }

    private static void TryDelete(string dir)
    {
        try
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary directory is not worth failing the demo for.
        }
    }
}
