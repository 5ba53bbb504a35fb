using System.CommandLine;
using System.Net;
using Doomsday.Cli.Commands.Doctor;
using Doomsday.Cli.Commands.Scan;
using Doomsday.Cli.Hosting;
using Doomsday.Cli.Rendering;
using Doomsday.Core.Inventory;
using Doomsday.Core.Pki;
using Doomsday.Core.Sources.Endpoints;
using Doomsday.Core.Sources.Kubeadm;
using N = Doomsday.Core.Sources.Kubeadm.KubeadmNames;

namespace Doomsday.Cli.Commands.Demo;

/// <summary>
/// <c>doomsday demo</c>: builds a throwaway kubeadm node in a temporary directory (a few certificates days
/// from expiry, one expired), serves an old API server certificate on a loopback port while the disk holds
/// its renewal (the "renewed but never restarted" outage), then runs what a user would run on it:
/// <c>scan --kubeadm DIR --endpoint 127.0.0.1:PORT</c> and <c>doctor --kubeadm DIR --component-endpoint
/// apiserver=127.0.0.1:PORT</c>, explaining what each shows, and how to keep watching with <c>watch</c>.
/// Exit 0 when the demo ran (the scan's own code, 2 here, is explained, not returned); 3 when it could
/// not (bad flags, nothing read).
/// </summary>
public static class DemoCommand
{
    public static Command Create(CliContext context)
    {
        var keep = new Option<bool>("--keep") { Description = "Keep the generated tree (its path is printed), with a watch config, to try scan, doctor and watch on it yourself." };
        var output = new Option<string>("--output", "-o") { Description = "table, wide, json or prometheus (as scan; json and prometheus show only the scan).", DefaultValueFactory = _ => "table" };
        output.CompletionSources.Add("table", "wide", "json", "prometheus");
        var command = new Command("demo", "Build a throwaway kubeadm node with certificates about to expire, serve one on a local port, and run scan and doctor on it.");
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
            "wide" => OutputFormat.Wide,
            "json" => OutputFormat.Json,
            "prometheus" or "prom" => OutputFormat.Prometheus,
            _ => null,
        };
        if (output is null)
        {
            await context.Error.WriteLineAsync($"doomsday demo: --output: '{outputText}' is not one of table, wide, json, prometheus");
            return ExitCodes.InputError;
        }
        // The story goes where it does not spoil machine-readable output.
        var human = output is OutputFormat.Table or OutputFormat.Wide;
        var say = human ? Terminal.For(context, noColor: false) : new Terminal(context.Error, null, colour: false);

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

            DemoStory.Intro(say, node, endpoint);
            DemoStory.Step(say, 1, "What expires when", $"doomsday scan --kubeadm {root} --endpoint {endpoint}");
            var settings = new ScanSettings { KubeadmDir = root, Endpoints = [endpoint], Output = output.Value };
            var scanCode = await ScanCommand.ExecuteAsync(settings,
                [new KubeadmSource(root, settings.Options), new EndpointSource(settings.Endpoints, settings.Options)], context, ct);
            DemoStory.AfterScan(say, scanCode, endpoint);
            if (scanCode == ExitCodes.InputError) return scanCode;
            if (human)
            {
                string[] doctor = ["doctor", "--kubeadm", root, "--component-endpoint", $"apiserver={endpoint}"];
                DemoStory.Step(say, 2, "What an expiry date alone does not show", "doomsday " + string.Join(' ', doctor));
                var doctorCode = await DoctorCommand.Create(context).Parse(doctor[1..]).InvokeAsync(new InvocationConfiguration { Output = context.Out, Error = context.Error }, ct);
                if (doctorCode == ExitCodes.InputError) return doctorCode;
                DemoStory.AfterDoctor(say);
            }
            var config = keep ? DemoStory.WriteWatchConfig(node, root) : null;
            DemoStory.Outro(say, keep ? node : null, root, config);
            return ExitCodes.Ok;
        }
        finally
        {
            if (!keep) TryDelete(node);
        }
    }

    internal static KubeadmTreeOptions Options(DateTimeOffset now, string kubeletDir)
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
