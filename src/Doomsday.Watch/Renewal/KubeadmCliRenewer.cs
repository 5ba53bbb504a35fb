using System.Diagnostics;
using System.Text;

namespace Doomsday.Watch.Renewal;

/// <summary>
/// Runs <c>kubeadm certs renew NAME...</c> (one name at a time, as <c>renew all</c> does internally, so a
/// failure names its certificate) with <c>--config</c> when the cluster's ClusterConfiguration was cached,
/// and reads what it printed (<see cref="KubeadmRenewOutput"/>): kubeadm exits 0 also when a certificate
/// is missing or its CA is external, so the exit code alone says little. kubeadm writes kubeconfigs
/// only under /etc/kubernetes (its <c>KubernetesDir</c> is not a flag), so this renewer serves the live node only.
/// </summary>
internal sealed class KubeadmCliRenewer(string kubeadm, string? configFile) : ICertificateRenewer
{
    public string Description => $"kubeadm certs renew ({kubeadm}{(configFile is null ? "" : $" --config {configFile}")})";

    public async Task<RenewerResult> RenewAsync(string kubeadmRoot, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var renewed = new List<string>();
        var notRenewed = new Dictionary<string, string>(StringComparer.Ordinal);
        var transcript = new List<string>();
        foreach (var name in names)
        {
            var args = new List<string> { "certs", "renew", name };
            if (configFile is not null) args.AddRange(["--config", configFile]);
            var (code, output) = await RunAsync(args, cancellationToken).ConfigureAwait(false);
            transcript.Add($"$ {kubeadm} {string.Join(' ', args)}  (exit {code})");
            transcript.AddRange(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            var report = KubeadmRenewOutput.Parse(output);
            var line = report.Certificates.FirstOrDefault(l => l.Name == name);
            if (code != 0)
            {
                return new RenewerResult(renewed, notRenewed, $"kubeadm certs renew {name} exited {code}: {LastLines(output)}", transcript);
            }
            switch (line?.Outcome)
            {
                case KubeadmRenewOutcome.Renewed:
                    renewed.Add(name);
                    break;
                case KubeadmRenewOutcome.Missing:
                    notRenewed[name] = $"kubeadm: {line.Line}";
                    break;
                case KubeadmRenewOutcome.ExternalCa:
                    notRenewed[name] = $"kubeadm: {line.Line}";
                    break;
                default:
                    return new RenewerResult(renewed, notRenewed,
                        $"kubeadm certs renew {name} exited 0 without saying it renewed {name}: {LastLines(output)}", transcript);
            }
        }
        return new RenewerResult(renewed, notRenewed, null, transcript);
    }

    private async Task<(int Code, string Output)> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(kubeadm) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{kubeadm} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        var sb = new StringBuilder(await stdout.ConfigureAwait(false));
        sb.Append('\n').Append(await stderr.ConfigureAwait(false));
        return (process.ExitCode, sb.ToString());
    }

    private static string LastLines(string output) =>
        string.Join(" / ", output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(3));
}
