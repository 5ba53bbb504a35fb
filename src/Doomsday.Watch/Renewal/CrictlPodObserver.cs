using System.Diagnostics;
using System.Text.Json;

namespace Doomsday.Watch.Renewal;

/// <summary>
/// The node's containers through <c>crictl ps -a -o json</c> (the CRI's own client, shipped with
/// kubeadm's cri-tools): a static pod's containers carry the labels <c>io.kubernetes.pod.namespace</c>
/// = <c>kube-system</c> and <c>io.kubernetes.container.name</c> = the container name, which kubeadm sets
/// to the component's name (<c>kube-apiserver</c>, <c>etcd</c>, ...). State <c>CONTAINER_RUNNING</c> is running.
/// </summary>
internal sealed class CrictlPodObserver(string crictl) : IPodObserver
{
    public string Name => "crictl";

    public async Task<(IReadOnlyList<PodContainer>? Containers, string? Error)> ObserveAsync(string pod, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(crictl) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["ps", "-a", "-o", "json", "--label", "io.kubernetes.pod.namespace=kube-system"]) info.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("crictl did not start");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return (null, $"crictl could not be run: {e.Message}");
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (process.ExitCode != 0) return (null, $"crictl ps exited {process.ExitCode}: {(await stderr.ConfigureAwait(false)).Trim()}");
            return Parse(await stdout.ConfigureAwait(false), pod);
        }
    }

    internal static (IReadOnlyList<PodContainer>? Containers, string? Error) Parse(string json, string pod)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var list = new List<PodContainer>();
            if (!doc.RootElement.TryGetProperty("containers", out var containers) || containers.ValueKind != JsonValueKind.Array) return (list, null);
            foreach (var c in containers.EnumerateArray())
            {
                if (!c.TryGetProperty("labels", out var labels) || labels.ValueKind != JsonValueKind.Object) continue;
                if (!labels.TryGetProperty("io.kubernetes.container.name", out var name) || name.GetString() != pod) continue;
                var id = c.TryGetProperty("id", out var i) ? i.GetString() : null;
                var state = c.TryGetProperty("state", out var s) ? s.GetString() : null;
                if (id is not null) list.Add(new PodContainer(id, state == "CONTAINER_RUNNING"));
            }
            return (list, null);
        }
        catch (JsonException e)
        {
            return (null, $"crictl ps printed no JSON it could read: {e.Message}");
        }
    }
}
