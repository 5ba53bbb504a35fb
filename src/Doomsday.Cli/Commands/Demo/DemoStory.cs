using Doomsday.Cli.Rendering;
using Doomsday.Core.Inventory;

namespace Doomsday.Cli.Commands.Demo;

/// <summary>What <c>doomsday demo</c> says around the commands it runs: prose wraps to the terminal, commands never do.</summary>
internal static class DemoStory
{
    /// <summary>The config <c>--keep</c> writes beside the tree: what <c>watch</c> needs to keep an eye on it.</summary>
    public const string ConfigFile = "doomsday.yaml";

    public static void Intro(Terminal t, string node, string endpoint)
    {
        t.WriteWrapped($"doomsday demo: a throwaway kubeadm control-plane node, built just now in {node}", Tone.Bold);
        t.WriteLine("  etc/kubernetes        3 CAs, their certificates, 5 kubeconfigs, 4 manifests");
        t.WriteLine("  var/lib/kubelet/pki   the kubelet's client and serving certificates");
        t.WriteLine($"  {endpoint,-21} a stand-in API server serving the certificate it loaded");
        t.WriteLine();
        t.WriteWrapped("The story: a year after `kubeadm init`, someone ran `kubeadm certs renew apiserver` yesterday but never " +
                       "restarted the API server. It still serves the old certificate, which expires in 2 days. Meanwhile admin.conf " +
                       "expired 3 days ago, and etcd-peer, front-proxy-client, apiserver-kubelet-client and the kubelet's client " +
                       "certificate expire in 5, 20, 45 and 80 days.");
    }

    public static void Step(Terminal t, int n, string title, string command)
    {
        t.WriteLine();
        t.WriteLine(t.Paint($"{n}. {title}", Tone.Bold));
        t.WriteLine(t.Paint("$ " + command, Tone.Command));
        t.WriteLine();
    }

    public static void AfterScan(Terminal t, int scanCode, string endpoint)
    {
        t.WriteLine();
        if (scanCode == ExitCodes.InputError)
        {
            t.WriteWrapped("The scan read nothing: the demo tree could not be read back (see above).", Tone.Error);
            return;
        }
        t.WriteWrapped("Every certificate worst first, named as `kubeadm certs check-expiration` names them; one found in several " +
                       $"places (the cluster CA in pki/ca.crt and in every kubeconfig) is one row. The apiserver file on disk is good " +
                       $"for a year, but {endpoint} still presents the old one. On its own, this scan would exit {scanCode}: " +
                       "2 when something is critical, expired or about to be, 1 for warnings only, 0 when all is well; ready for cron and CI.");
    }

    public static void AfterDoctor(Terminal t)
    {
        t.WriteLine();
        t.WriteWrapped("doctor compares what each component serves with the file its manifest names: renewing files is not enough, " +
                       "the component must be restarted. Each finding comes with the commands that fix it and those that prove it fixed.");
    }

    /// <summary>A watch config for the kept tree (no probe: the stand-in API server ends with the demo).</summary>
    public static string WriteWatchConfig(string node, string root)
    {
        var path = Path.Combine(node, ConfigFile);
        File.WriteAllText(path, $"""
            # doomsday watch --config {path}
            # Re-scans the demo tree every minute and keeps alerts, incidents and the API on 127.0.0.1:9797.
            certificates:
              kubeadm: {root}
              interval: 1m
            store:
              path: doomsday.db

            """);
        return path;
    }

    public static void Outro(Terminal t, string? kept, string root, string? config)
    {
        t.WriteLine();
        t.WriteLine(t.Paint("Next", Tone.Bold));
        if (kept is null)
        {
            t.WriteWrapped("The demo tree has been deleted (run with --keep to keep it, with a watch config beside it).");
        }
        else
        {
            t.WriteWrapped($"The tree is kept in {kept}. Try scan and doctor on it, and the daemon with the config written beside it " +
                           "(then, from another terminal, `doomsday status` and `doomsday alerts`):");
            t.WriteLine($"  doomsday scan --kubeadm {root}");
            t.WriteLine($"  doomsday doctor --kubeadm {root}");
            t.WriteLine($"  doomsday watch --config {config}");
        }
        t.WriteLine();
        t.WriteWrapped("On a real control-plane node:");
        t.WriteLine("  doomsday scan             what expires when: /etc/kubernetes, the kubelet");
        t.WriteLine("  doomsday doctor           the same, plus what each component really serves");
        t.WriteLine("  doomsday watch -c FILE    always on: probes, escalating alerts, incidents");
        t.WriteWrapped("A commented watch config with every section: samples/doomsday.yaml (docs/configuration.md).", Tone.Dim);
    }
}
