using N = Doomsday.Core.Sources.Kubeadm.KubeadmNames;

namespace Doomsday.Watch.Renewal;

/// <summary>What <c>kubeadm certs renew</c> said about one certificate.</summary>
public enum KubeadmRenewOutcome
{
    Renewed,
    /// <summary><c>MISSING! ...</c>: the file does not exist, nothing was written.</summary>
    Missing,
    /// <summary><c>Detected external CA, ... can't be renewed</c>: the CA key is absent.</summary>
    ExternalCa,
}

/// <summary>One certificate line of <c>kubeadm certs renew</c>'s output, by kubeadm name.</summary>
public sealed record KubeadmRenewLine(string Name, KubeadmRenewOutcome Outcome, string Line);

/// <summary>The parsed output: per-certificate lines, whether kubeadm fell back to its default configuration, and lines not understood.</summary>
public sealed record KubeadmRenewReport(
    IReadOnlyList<KubeadmRenewLine> Certificates,
    bool UsedDefaultConfiguration,
    IReadOnlyList<string> Unrecognised);

/// <summary>
/// Reads what <c>kubeadm certs renew</c> prints, since its exit code says little: it exits 0 for a
/// missing certificate and for an externally managed CA alike. The strings are kubeadm's own
/// (cmd/kubeadm/app/cmd/certs.go <c>renewCert</c> and <c>getInternalCfg</c>; the long names from
/// cmd/kubeadm/app/phases/certs/certlist.go and renewal/manager.go):
/// <c>"%s renewed"</c>, <c>"MISSING! %s"</c>, <c>"Detected external %s, %s can't be renewed"</c> (CA base
/// name, long name), <c>"[renew] Error reading configuration from the Cluster. Falling back to default
/// configuration"</c>. Newer releases append <c>": PATH"</c> to the MISSING and external lines; both are read.
/// </summary>
public static class KubeadmRenewOutput
{
    /// <summary>kubeadm's long name of each certificate <c>certs renew</c> handles, by kubeadm name.</summary>
    public static readonly IReadOnlyDictionary<string, string> LongNames = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [N.AdminConf] = "certificate embedded in the kubeconfig file for the admin to use and for kubeadm itself",
        [N.SuperAdminConf] = "certificate embedded in the kubeconfig file for the super-admin",
        [N.Apiserver] = "certificate for serving the Kubernetes API",
        [N.ApiserverEtcdClient] = "certificate the apiserver uses to access etcd",
        [N.ApiserverKubeletClient] = "certificate for the API server to connect to kubelet",
        [N.ControllerManagerConf] = "certificate embedded in the kubeconfig file for the controller manager to use",
        [N.EtcdHealthcheckClient] = "certificate for liveness probes to healthcheck etcd",
        [N.EtcdPeer] = "certificate for etcd nodes to communicate with each other",
        [N.EtcdServer] = "certificate for serving etcd",
        [N.FrontProxyClient] = "certificate for the front proxy client",
        [N.SchedulerConf] = "certificate embedded in the kubeconfig file for the scheduler manager to use",
    };

    private const string FallbackLine = "Error reading configuration from the Cluster. Falling back to default configuration";

    public static KubeadmRenewReport Parse(string output)
    {
        var byLongName = LongNames.ToDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);
        var lines = new List<KubeadmRenewLine>();
        var unrecognised = new List<string>();
        var fallback = false;
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0) continue;
            if (line.Contains(FallbackLine, StringComparison.Ordinal))
            {
                fallback = true;
                continue;
            }
            if (line.StartsWith("MISSING! ", StringComparison.Ordinal) && Name(byLongName, line["MISSING! ".Length..]) is { } missing)
            {
                lines.Add(new KubeadmRenewLine(missing, KubeadmRenewOutcome.Missing, line));
                continue;
            }
            if (line.StartsWith("Detected external ", StringComparison.Ordinal))
            {
                var comma = line.IndexOf(", ", StringComparison.Ordinal);
                var end = line.IndexOf(" can't be renewed", StringComparison.Ordinal);
                if (comma > 0 && end > comma && byLongName.TryGetValue(line[(comma + 2)..end], out var external))
                {
                    lines.Add(new KubeadmRenewLine(external, KubeadmRenewOutcome.ExternalCa, line));
                    continue;
                }
            }
            if (line.EndsWith(" renewed", StringComparison.Ordinal) && byLongName.TryGetValue(line[..^" renewed".Length], out var renewed))
            {
                lines.Add(new KubeadmRenewLine(renewed, KubeadmRenewOutcome.Renewed, line));
                continue;
            }
            if (line.StartsWith("Done renewing certificates.", StringComparison.Ordinal) || line.StartsWith('[')) continue; // kubeadm's own progress lines
            unrecognised.Add(line);
        }
        return new KubeadmRenewReport(lines, fallback, unrecognised);
    }

    /// <summary>The long name at the start of <paramref name="rest"/>, with or without the ": PATH" newer releases add.</summary>
    private static string? Name(Dictionary<string, string> byLongName, string rest)
    {
        if (byLongName.TryGetValue(rest, out var name)) return name;
        var colon = rest.IndexOf(": ", StringComparison.Ordinal);
        return colon > 0 && byLongName.TryGetValue(rest[..colon], out name) ? name : null;
    }
}
